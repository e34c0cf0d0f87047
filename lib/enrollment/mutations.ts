import { prisma } from "@/lib/db";
import { audit } from "@/lib/audit";
import { hashAccessCode } from "@/lib/access-codes/rules";
import { formatLongDate } from "@/lib/dates";
import { MAX_INSTITUTIONS_PER_USER, ROLE_LABELS } from "@/lib/permissions";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { fieldRefusal, refusal, type ErrorCode, type Refusal, type Result } from "@/lib/errors";
import { throttleCodeAttempts } from "@/lib/access-codes/mutations";
import type { RedeemInput } from "@/lib/enrollment/schema";

export type RedeemFailureReason =
  "unknown-organization" | "invalid-code" | "wrong-organization" | "wrong-portal" | "already-enrolled" | "revoked" | "expired" | "exhausted" | "limit";

export type RedeemResult =
  | { ok: true; organization: { id: string; name: string; diCode: string }; position: string }
  | { ok: false; reason: RedeemFailureReason; field: "organizationId" | "accessCode"; message: string };

/** How each refused redemption answers (the code's status comes from lib/errors.ts). */
const REDEEM_REFUSAL_CODES: Record<RedeemFailureReason, ErrorCode> = {
  "unknown-organization": "NOT_FOUND",
  "invalid-code": "BAD_REQUEST",
  "wrong-organization": "BAD_REQUEST",
  "wrong-portal": "BAD_REQUEST",
  revoked: "BAD_REQUEST",
  expired: "BAD_REQUEST",
  exhausted: "CONFLICT",
  "already-enrolled": "CONFLICT",
  limit: "CONFLICT",
};

/**
 * "Add" on the enrollment page: the access-code throttle (every attempt counts, per account
 * and per address), then the redemption, with each refusal's code.
 */
export async function enrollWithAccessCode(
  userId: string,
  input: RedeemInput,
  ip: string,
): Promise<Result<{ organization: { id: string; name: string; diCode: string }; position: string }>> {
  const throttled = await throttleCodeAttempts("HED", userId, ip);
  if (throttled) return throttled;
  const result = await redeemAccessCode(userId, input, ip);
  if (result.ok) return result;
  return fieldRefusal(REDEEM_REFUSAL_CODES[result.reason], result.field, result.message);
}

const ASK_CONTACT = "Ask your institution's primary AP contact (typically the Office of Admissions or the Office of the Registrar) for the current code.";

/**
 * Redeems an access code for the organization the user selected, granting APOSRD HED Admin
 * there. Every rule is checked and the membership written in one transaction; the user's row
 * is locked first so two redemptions at once cannot both pass the 20-institution limit, and a
 * code with a redemption limit is locked so it cannot be over-used. Failures are audited and
 * returned as values.
 */
export async function redeemAccessCode(userId: string, input: RedeemInput, ip: string | null, now = new Date()): Promise<RedeemResult> {
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM app_user WHERE id = ${userId}::uuid FOR UPDATE`;

    const fail = async (
      reason: RedeemFailureReason,
      field: "organizationId" | "accessCode",
      message: string,
      organizationId: string | null,
    ): Promise<RedeemResult> => {
      // Never the code itself: the audit log must not become a list of valid codes.
      await audit({ actorType: "user", actorUserId: userId, action: "access-code.rejected", organizationId, ip, details: { reason } }, tx);
      return { ok: false, reason, field, message };
    };

    const org = await tx.organization.findFirst({
      where: { id: input.organizationId, kind: "COLLEGE" },
      select: { id: true, name: true, code: true },
    });
    if (!org) {
      return fail("unknown-organization", "organizationId", "We could not find that organization. Search for it again and select it from the list.", null);
    }

    const code = await tx.accessCode.findUnique({
      where: { codeHash: hashAccessCode(input.accessCode) },
      select: { id: true, organizationId: true, purpose: true, revokedAt: true, expiresAt: true, maxRedemptions: true },
    });
    // One answer whether the code does not exist, belongs to another institution or is a K-12
    // code: the form must not tell a guesser that a code is real somewhere (the audit log keeps
    // the reason).
    const notValid = `This access code is not valid for ${org.name}. Check the code in your email; codes work only for the institution they were issued to.`;
    if (!code) return fail("invalid-code", "accessCode", notValid, org.id);
    if (code.organizationId !== org.id) return fail("wrong-organization", "accessCode", notValid, org.id);
    if (code.purpose !== "HED") return fail("wrong-portal", "accessCode", notValid, org.id);

    const existing = await tx.membership.findUnique({
      where: { userId_organizationId_role: { userId, organizationId: org.id, role: "HED_ADMIN" } },
      select: { expiresAt: true },
    });
    const activeHere = existing !== null && (existing.expiresAt === null || existing.expiresAt > now);
    if (activeHere) {
      return fail("already-enrolled", "organizationId", `You already have access to ${org.name}. It is listed under Your access.`, org.id);
    }
    if (code.revokedAt) {
      return fail("revoked", "accessCode", `This access code has been revoked. ${ASK_CONTACT}`, org.id);
    }
    if (code.expiresAt && code.expiresAt <= now) {
      return fail("expired", "accessCode", `This access code expired on ${formatLongDate(code.expiresAt)}. ${ASK_CONTACT}`, org.id);
    }
    if (code.maxRedemptions !== null) {
      await tx.$queryRaw`SELECT id FROM access_code WHERE id = ${code.id}::uuid FOR UPDATE`;
      const used = await tx.membership.count({ where: { accessCodeId: code.id } });
      if (used >= code.maxRedemptions) {
        return fail(
          "exhausted",
          "accessCode",
          `This access code has already been used the most times it allows (${code.maxRedemptions}). ${ASK_CONTACT}`,
          org.id,
        );
      }
    }

    const held = await tx.membership.count({
      where: {
        userId,
        role: "HED_ADMIN",
        organization: { kind: "COLLEGE" },
        organizationId: { not: org.id },
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      },
    });
    if (held >= MAX_INSTITUTIONS_PER_USER) {
      return fail(
        "limit",
        "organizationId",
        `Your account already has access to ${MAX_INSTITUTIONS_PER_USER} institutions, the most one account may hold. Leave an institution under Your access before adding another.`,
        org.id,
      );
    }

    const position = ROLE_LABELS.HED_ADMIN;
    // An expired role at this institution is renewed in place (one row per user, institution and role).
    await tx.membership.upsert({
      where: { userId_organizationId_role: { userId, organizationId: org.id, role: "HED_ADMIN" } },
      create: { userId, organizationId: org.id, role: "HED_ADMIN", position, accessCodeId: code.id },
      update: { position, accessCodeId: code.id, expiresAt: null },
    });
    // A first institution becomes the selected one, so the portal opens on it.
    await tx.user.updateMany({ where: { id: userId, selectedOrganizationId: null }, data: { selectedOrganizationId: org.id } });
    await audit(
      {
        actorType: "user",
        actorUserId: userId,
        action: "access-code.redeemed",
        organizationId: org.id,
        targetUserId: userId,
        ip,
        details: { accessCodeId: code.id, role: "HED_ADMIN" },
      },
      tx,
    );
    return { ok: true, organization: { id: org.id, name: org.name, diCode: org.code }, position };
  });
}

export type LeaveResult = Result<{ organizationName: string }, Refusal & { reason: "not-enrolled" }>;

/** Ends the user's APOSRD HED Admin role at one institution (their own choice, confirmed in the UI). */
export async function leaveInstitution(userId: string, organizationId: string, ip: string | null): Promise<LeaveResult> {
  return prisma.$transaction(async (tx): Promise<LeaveResult> => {
    const membership = await tx.membership.findUnique({
      where: { userId_organizationId_role: { userId, organizationId, role: "HED_ADMIN" } },
      select: { id: true, position: true, organization: { select: { name: true } } },
    });
    if (!membership) return { ...refusal("NOT_FOUND", "You are not enrolled at this institution."), reason: "not-enrolled" as const };
    await tx.membership.delete({ where: { id: membership.id } });
    await tx.user.updateMany({ where: { id: userId, selectedOrganizationId: organizationId }, data: { selectedOrganizationId: null } });
    await audit(
      {
        actorType: "user",
        actorUserId: userId,
        action: "enrollment.left",
        organizationId,
        targetUserId: userId,
        ip,
        details: { role: "HED_ADMIN", position: membership.position },
      },
      tx,
    );
    return { ok: true, organizationName: membership.organization.name };
  });
}

/** The institution switcher's choice, kept per user. Only an id the gate authorized is accepted. */
export async function selectInstitution(userId: string, institutionId: AuthorizedOrganizationId): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { selectedOrganizationId: institutionId } });
}
