import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import type { NextResponse } from "next/server";
import { cache } from "react";
import { requireUser, type SessionUser } from "@/lib/auth/gate";
import { signToken, verifyToken } from "@/lib/crypto";
import { AppError, refusal, type Result } from "@/lib/errors";
import type { K12Permission } from "@/lib/permissions";
import { resolveK12Access } from "@/lib/k12/queries";
import { optionAllows, pickOption, type K12Access, type K12Option } from "@/lib/k12/rules";

/**
 * The organization a K-12 user is looking at lives in a signed browser-session cookie bound to
 * the user: users with several organizations choose one after signing in (seed 002: "you will
 * be prompted to select the organization ... when you log in"), and the choice is re-checked
 * against their current access on every request.
 */
export const K12_ORG_COOKIE = "k12-org";
const COOKIE_PURPOSE = "k12-org";

function organizationCookieValue(userId: string, organizationId: string): string {
  return signToken(COOKIE_PURPOSE, { uid: userId, org: organizationId, exp: Math.floor(Date.now() / 1000) + 12 * 3600 });
}

/** Remembers the organization the user chose (Select Organization, or a redeemed school code). */
export function setOrganizationCookie<T>(response: NextResponse<T>, request: Request, userId: string, organizationId: string): NextResponse<T> {
  response.cookies.set(K12_ORG_COOKIE, organizationCookieValue(userId, organizationId), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: new URL(request.url).protocol === "https:",
  });
  return response;
}

/**
 * Forgets the choice: sign-in and sign-out call this, so a user with several organizations is
 * asked again on every sign-in (seed 002), not only in a fresh browser.
 */
export function forgetOrganizationCookie<T>(response: NextResponse<T>): NextResponse<T> {
  response.cookies.delete(K12_ORG_COOKIE);
  return response;
}

async function selectedOrganizationId(userId: string): Promise<string | null> {
  const raw = (await cookies()).get(K12_ORG_COOKIE)?.value;
  if (!raw) return null;
  const payload = verifyToken<{ uid: string; org: string; exp: number }>(COOKIE_PURPOSE, raw);
  return payload && payload.uid === userId ? payload.org : null;
}

export interface K12Context {
  user: SessionUser;
  access: K12Access;
  /** Null when the user has no access or must choose among several organizations. */
  current: K12Option | null;
}

const loadContext = cache(async (user: SessionUser): Promise<K12Context> => {
  const access = await resolveK12Access(user.id);
  const current = pickOption(access, await selectedOrganizationId(user.id));
  return { user, access, current };
});

/**
 * Pages: signed in, the K-12 site terms of use accepted (their own terms, not the higher-ed
 * ones: seed 002 "Data Privacy"), K-12 access resolved.
 */
export async function requireK12User(): Promise<K12Context> {
  const user = await requireUser();
  if (!user.k12TermsAccepted) redirect("/k12/terms");
  return loadContext(user);
}

/**
 * Report pages: an organization chosen and the permission held there. No access → the K-12
 * home (which explains why); several organizations and none chosen → Select Organization.
 */
export async function requireK12(permission: K12Permission): Promise<K12Context & { current: K12Option }> {
  const context = await requireK12User();
  const { current, access } = context;
  if (!current) redirect(access.options.length > 1 ? "/k12/organizations" : "/k12");
  if (!optionAllows(current, permission)) redirect("/k12?denied=1");
  return { ...context, current };
}

/** Route handlers (through sessionRoute): the same checks for a signed-in user, as 403 errors. */
export async function authorizeK12(user: SessionUser, permission: K12Permission): Promise<K12Context & { current: K12Option }> {
  const context = await loadContext(user);
  if (!context.current) {
    throw new AppError(
      "FORBIDDEN",
      context.access.options.length > 1
        ? "Choose an organization first."
        : (context.access.notices[0] ?? "You do not have access to AP Score Reports for K-12 Educators."),
    );
  }
  if (!optionAllows(context.current, permission)) {
    throw new AppError("FORBIDDEN", "Your role at this organization does not include this report.");
  }
  return { ...context, current: context.current };
}

/** Select Organization / Change Organization: only an organization the user has access to today. */
export async function chooseOrganization(userId: string, organizationId: string): Promise<Result<{ option: K12Option }>> {
  const access = await resolveK12Access(userId);
  const option = access.options.find((o) => o.id === organizationId);
  return option ? { ok: true, option } : refusal("FORBIDDEN", "You do not have access to this organization.", { field: "organizationId" });
}
