import "server-only";
import { redirect } from "next/navigation";
import { cache } from "react";
import { auth } from "@/lib/auth/nextauth";
import { isSessionRevoked } from "@/lib/auth/sessions";
import { pool, prepared, prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { allows, membershipCountsSql, type InstitutionPermission } from "@/lib/permissions";
import { CURRENT_TERMS_VERSION, K12_TERMS_VERSION } from "@/lib/accounts/constants";
import type { GlobalRole, MembershipRole } from "@/lib/generated/prisma/enums";
import { isK12OnlyUser } from "@/lib/k12/audience";
import { isPasswordExpired } from "@/lib/auth/mutations";

export interface SessionUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: GlobalRole;
  mfaEnabled: boolean;
  /** The higher-ed site terms of use (portal and web service). */
  termsAccepted: boolean;
  /** The K-12 site terms of use (AP Score Reports for K-12 Educators). */
  k12TermsAccepted: boolean;
  selectedOrganizationId: string | null;
  passwordChangedAt: Date;
  /** False until the owner opens the emailed link (lib/identity/verification.ts). */
  emailVerified: boolean;
}

/**
 * An organization id that came out of an authorization check. Queries for institution data
 * take this type, so an id read straight from a request cannot reach them.
 */
export type AuthorizedOrganizationId = string & { readonly __brand: "AuthorizedOrganizationId" };

export interface AuthorizedInstitution {
  id: AuthorizedOrganizationId;
  diCode: string;
  name: string;
}

/**
 * The account behind the session cookie, verified or not, re-read from the database on every
 * request (once per render). Only the Check Your Email page and its resend button use it:
 * everything else goes through `currentUser`, which refuses unverified accounts.
 */
export const sessionAccount = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  if (!session?.user?.id) return null;
  // Signed out: a copy of the cookie is worth nothing (lib/auth/sessions.ts).
  if (session.sid && (await isSessionRevoked(session.sid))) return null;
  const user = await prisma.user.findUnique({
    where: { id: session.user.id },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      role: true,
      mfaEnabled: true,
      sessionVersion: true,
      selectedOrganizationId: true,
      passwordChangedAt: true,
      lockedUntil: true,
      emailVerifiedAt: true,
      termsAcceptances: { where: { version: { in: [CURRENT_TERMS_VERSION, K12_TERMS_VERSION] } }, select: { version: true } },
    },
  });
  // A password change, lock or "sign out everywhere" bumps the version and ends old sessions.
  if (!user || user.sessionVersion !== session.sessionVersion) return null;
  if (user.lockedUntil && user.lockedUntil > new Date()) return null;
  return {
    id: user.id,
    email: user.email,
    firstName: user.firstName,
    lastName: user.lastName,
    role: user.role,
    mfaEnabled: user.mfaEnabled,
    termsAccepted: user.termsAcceptances.some((t) => t.version === CURRENT_TERMS_VERSION),
    k12TermsAccepted: user.termsAcceptances.some((t) => t.version === K12_TERMS_VERSION),
    selectedOrganizationId: user.selectedOrganizationId,
    passwordChangedAt: user.passwordChangedAt,
    emailVerified: user.emailVerifiedAt !== null,
  };
});

/**
 * The signed-in user whose email address is verified. An unverified account sees nothing and
 * can be granted nothing, so it is treated as signed out everywhere except the Check Your
 * Email page.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const account = await sessionAccount();
  return account?.emailVerified ? account : null;
});

/** Pages: the signed-in, verified user; an unverified account goes to Check Your Email, others to sign in.
 * An expired password must be changed before anything else (seeds 000/001). */
export async function requireUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect((await sessionAccount()) ? "/check-email" : "/signin");
  if (isPasswordExpired(user.passwordChangedAt)) redirect("/password-expired");
  return user;
}

/**
 * Pages of the higher-ed portal: signed in and the current terms of use accepted. K-12-only
 * educators never see the higher-ed terms or dashboard: they are sent to the K-12 home.
 */
export async function requirePortalUser(): Promise<SessionUser> {
  const user = await requireUser();
  if (await isK12OnlyUser(user.id)) redirect("/k12");
  if (!user.termsAccepted) redirect("/terms");
  return user;
}

/**
 * Higher-ed account pages a new user reaches before the terms (seed 000, steps 1-2: My
 * Dashboard and Get Access come before "accept the site terms of use"). K-12-only educators
 * are sent to the K-12 home.
 */
export async function requireAccountUser(): Promise<SessionUser> {
  const user = await requireUser();
  if (await isK12OnlyUser(user.id)) redirect("/k12");
  return user;
}

/** Program administrators' pages. */
export async function requireAdmin(): Promise<SessionUser> {
  const user = await requireUser();
  if (!allows({ globalRole: user.role }, "admin:console")) redirect("/dashboard?denied=admin");
  return user;
}

/**
 * A user's current college memberships (role, id, code, name), by name: `user` and `now` are
 * SQL expressions (parameters or columns), so other statements can read them too.
 */
export function collegeMembershipsSql(user: string, now: string): string {
  return `SELECT m.role::text AS role, o.id::text AS id, o.code, o.name
            FROM membership m JOIN organization o ON o.id = m.organization_id
           WHERE m.user_id = ${user} AND ${membershipCountsSql(now)}
           ORDER BY o.name`;
}

export interface CollegeMembership {
  role: MembershipRole;
  id: string;
  code: string;
  name: string;
}

/** The colleges among `memberships` where the role allows `permission`, each once, in order. */
export function institutionsAllowing(memberships: readonly CollegeMembership[], permission: InstitutionPermission): AuthorizedInstitution[] {
  const seen = new Map<string, AuthorizedInstitution>();
  for (const m of memberships) {
    if (!allows({ role: m.role }, permission)) continue;
    seen.set(m.id, { id: m.id as AuthorizedOrganizationId, diCode: m.code, name: m.name });
  }
  return [...seen.values()];
}

/** Every college at which the user holds a role allowing `permission`, by name. */
export async function authorizedInstitutions(userId: string, permission: InstitutionPermission): Promise<AuthorizedInstitution[]> {
  // One statement (Prisma reads the relation with a second one): every page and web-service call asks this.
  const { rows } = await pool().query<CollegeMembership>(prepared(collegeMembershipsSql("$1::uuid", "$2"), [userId, new Date()]));
  return institutionsAllowing(rows, permission);
}

/**
 * The institution the portal shows: the one the user selected with the switcher while they
 * still hold the role there, otherwise the first by name.
 */
export function pickInstitution<T extends { id: string }>(institutions: readonly T[], selectedId: string | null | undefined): T | undefined {
  return institutions.find((i) => i.id === selectedId) ?? institutions[0];
}

export const INSTITUTION_FORBIDDEN_MESSAGE = "You do not have access to this institution.";

/**
 * The institution a request may act on: the one named (by id or DI code) if the user holds
 * `permission` there, otherwise a FORBIDDEN error. Without a name, the user's selected
 * institution (or the first one).
 */
export async function authorizeInstitution(
  userId: string,
  permission: InstitutionPermission,
  wanted?: { id?: string; diCode?: string; selectedId?: string | null },
): Promise<AuthorizedInstitution> {
  const institutions = await authorizedInstitutions(userId, permission);
  if (wanted?.id !== undefined || wanted?.diCode !== undefined) {
    const match = institutions.find((i) => i.id === wanted.id || i.diCode === wanted.diCode);
    if (!match) throw new AppError("FORBIDDEN", INSTITUTION_FORBIDDEN_MESSAGE);
    return match;
  }
  const selected = pickInstitution(institutions, wanted?.selectedId);
  if (!selected) throw new AppError("FORBIDDEN", "Your account is not enrolled at any institution yet.");
  return selected;
}

/**
 * The institution a page shows: the one its query names (`?institution=<id>`, only a wish that
 * must pass the same check as any request), else the selected one (or the first). `denied`
 * tells the page the named one was refused, so it can say so.
 */
export function chooseInstitution<T extends { id: string }>(
  institutions: readonly T[],
  wanted: string | null | undefined,
  selectedId: string | null | undefined,
): { institution: T | undefined; selected: T | undefined; denied: boolean } {
  const selected = pickInstitution(institutions, selectedId);
  if (!wanted) return { institution: selected, selected, denied: false };
  const named = institutions.find((i) => i.id === wanted);
  return { institution: named ?? selected, selected, denied: !named };
}

export interface InstitutionPage {
  user: SessionUser;
  institutions: AuthorizedInstitution[];
  /** The institution to show (see chooseInstitution). */
  institution: AuthorizedInstitution;
  /** The user's selected institution (or the first). */
  selected: AuthorizedInstitution;
  /** The page's query named an institution the user does not hold `permission` at. */
  denied: boolean;
}

/** Pages of an institution: the one chosen as above, or the enrollment page when there is none. */
export async function requireInstitution(permission: InstitutionPermission, wanted?: string | null): Promise<InstitutionPage> {
  const user = await requirePortalUser();
  const institutions = await authorizedInstitutions(user.id, permission);
  const { institution, selected, denied } = chooseInstitution(institutions, wanted, user.selectedOrganizationId);
  if (!institution || !selected) redirect("/enroll");
  return { user, institutions, institution, selected, denied };
}
