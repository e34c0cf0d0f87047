import { actorFields, audit, type AdminActor } from "@/lib/audit";
import { isUniqueViolation, prisma } from "@/lib/db";
import { AppError, refusal, type Refusal } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { AccessPurpose } from "@/lib/generated/prisma/enums";
import { hitRateLimit } from "@/lib/rate-limit";
import { accessCodeHint, generateAccessCode, hashAccessCode } from "@/lib/access-codes/rules";
import { encryptSecret } from "@/lib/crypto";
import { deliverCollegeCode, type AccessCodeDeliveryItem } from "@/lib/access-codes/delivery";
import type { IssueAccessCodeInput, RotateAccessCodeInput, UpdateAccessCodeInput } from "@/lib/access-codes/schema";

type Tx = Prisma.TransactionClient;

interface Limit {
  /** Rate-limit counter prefix; the account id or the address is appended. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Access-code attempts (successes and failures) per window, for each kind of code. A college
 * code: enough for enrolling at 20 institutions with a few typos, far too few to guess a
 * 74-bit code; also per network address. A school's yearly code is shared with at most five
 * staff, so one account needs very few tries.
 */
export const CODE_ATTEMPT_LIMITS: Record<AccessPurpose, { perUser: Limit; perIp?: Limit }> = {
  HED: {
    perUser: { key: "redeem-user", limit: 30, windowSeconds: 3600 },
    perIp: { key: "redeem-ip", limit: 100, windowSeconds: 3600 },
  },
  // Per address too, and on the same address budget as higher-ed codes: one network guessing
  // codes is one network whichever portal it uses.
  K12_SCHOOL: {
    perUser: { key: "k12-redeem-user", limit: 10, windowSeconds: 3600 },
    perIp: { key: "redeem-ip", limit: 100, windowSeconds: 3600 },
  },
};

/**
 * Counts one access-code attempt against the account's and the address's limits: null while
 * within them, else the refusal. Crossing a limit is audited once per window, when it is first
 * crossed, so a flood of attempts cannot flood the log.
 */
export async function throttleCodeAttempts(purpose: AccessPurpose, userId: string, ip: string): Promise<Refusal | null> {
  const { perUser, perIp } = CODE_ATTEMPT_LIMITS[purpose];
  const checks = [{ limit: perUser, subject: userId }, ...(perIp ? [{ limit: perIp, subject: ip }] : [])];
  const hits = await Promise.all(checks.map(({ limit, subject }) => hitRateLimit(`${limit.key}:${subject}`, limit.limit, limit.windowSeconds)));
  if (hits.every((hit) => hit.allowed)) return null;
  if (hits.some((hit, i) => hit.count === checks[i]!.limit.limit + 1)) {
    await audit({
      actorType: "user",
      actorUserId: userId,
      action: "access-code.rejected",
      ip,
      details: { reason: "rate-limited", ...(purpose === "K12_SCHOOL" ? { portal: "k12" } : {}) },
    });
  }
  const retryAfterSeconds = Math.max(...hits.map((hit) => (hit.allowed ? 0 : hit.retryAfterSeconds)));
  return refusal("RATE_LIMITED", `Too many access code attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, { retryAfterSeconds });
}

// ───────────────────────────── issued by program administrators ─────────────────────────────

export interface IssuedAccessCode {
  id: string;
  /** The code itself: shown once, never stored. */
  code: string;
  hint: string;
  purpose: AccessPurpose;
  expiresAt: string | null;
  maxRedemptions: number | null;
  createdAt: string;
  /**
   * The email of the code to the institution's primary contact; null when the institution has
   * no contact email. A failed send has `sentAt: null` and the reason in `error`.
   */
  delivery: AccessCodeDeliveryItem | null;
}

async function collegeIdOf(tx: Tx, diCode: string): Promise<string> {
  const org = await tx.organization.findUnique({ where: { kind_code: { kind: "COLLEGE", code: diCode } }, select: { id: true } });
  if (!org) throw new AppError("NOT_FOUND", `No institution has DI code ${diCode}.`);
  return org.id;
}

async function createCode(
  tx: Tx,
  organizationId: string,
  settings: { code?: string | undefined; purpose: AccessPurpose; expiresAt: Date | null; maxRedemptions: number | null },
  actor: AdminActor,
): Promise<IssuedAccessCode> {
  const code = settings.code ?? generateAccessCode();
  const existing = await tx.accessCode.findUnique({ where: { codeHash: hashAccessCode(code) }, select: { id: true } });
  // Also the case for a code revoked long ago: a code once handed out is never reused.
  if (existing)
    throw new AppError("CONFLICT", "This access code is already in use. Choose another one.", {
      field: "code",
      fieldErrors: { code: "This access code is already in use." },
    });
  const row = await tx.accessCode.create({
    data: {
      organizationId,
      purpose: settings.purpose,
      codeHash: hashAccessCode(code),
      hint: accessCodeHint(code),
      codeSealed: encryptSecret(code),
      expiresAt: settings.expiresAt,
      maxRedemptions: settings.maxRedemptions,
      createdById: actor.userId,
    },
    select: { id: true, hint: true, purpose: true, expiresAt: true, maxRedemptions: true, createdAt: true },
  });
  return {
    id: row.id,
    code,
    hint: row.hint,
    purpose: row.purpose,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    maxRedemptions: row.maxRedemptions,
    createdAt: row.createdAt.toISOString(),
    delivery: null,
  };
}

/** Retries the odd unique-violation race (two admins choosing one explicit code at once) as a 409. */
async function inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await prisma.$transaction(fn);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "This access code is already in use. Choose another one.", { field: "code" });
    throw error;
  }
}

/** Issues a code and emails it to the institution's primary contact (after the commit). */
export async function issueAccessCode(diCode: string, input: IssueAccessCodeInput, actor: AdminActor): Promise<IssuedAccessCode> {
  const issued = await inTransaction(async (tx) => {
    const organizationId = await collegeIdOf(tx, diCode);
    const issued = await createCode(
      tx,
      organizationId,
      { code: input.code, purpose: input.purpose, expiresAt: input.expiresAt ?? null, maxRedemptions: input.maxRedemptions ?? null },
      actor,
    );
    await audit(
      {
        ...actorFields(actor),
        action: "admin.access-code.issued",
        organizationId,
        details: { diCode, accessCodeId: issued.id, hint: issued.hint, purpose: issued.purpose, expiresAt: issued.expiresAt },
      },
      tx,
    );
    return issued;
  });
  return { ...issued, delivery: await deliverCollegeCode(issued.id, issued.code, "issued", actor) };
}

async function lockActiveCode(tx: Tx, organizationId: string, id: string) {
  // FOR UPDATE: two rotations of one code at once must not both succeed.
  const rows = await tx.$queryRaw<Array<{ id: string; revoked_at: Date | null }>>`
    SELECT id, revoked_at FROM access_code WHERE id = ${id}::uuid AND organization_id = ${organizationId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new AppError("NOT_FOUND", "This institution has no such access code.");
  if (row.revoked_at) throw new AppError("CONFLICT", "This access code has already been revoked.");
  return tx.accessCode.findUniqueOrThrow({ where: { id }, select: { id: true, purpose: true, expiresAt: true, maxRedemptions: true, hint: true } });
}

/**
 * Replaces a code: the old one is revoked and a new one issued in one transaction, so there
 * is never a moment with both or neither working. Memberships made with the old code stay.
 * The new code is emailed to the institution's primary contact.
 */
export async function rotateAccessCode(
  diCode: string,
  id: string,
  input: RotateAccessCodeInput,
  actor: AdminActor,
): Promise<IssuedAccessCode & { replaced: string }> {
  const rotated = await inTransaction(async (tx) => {
    const organizationId = await collegeIdOf(tx, diCode);
    const old = await lockActiveCode(tx, organizationId, id);
    const now = new Date();
    await tx.accessCode.update({ where: { id: old.id }, data: { revokedAt: now } });
    const keepExpiry = old.expiresAt && old.expiresAt > now ? old.expiresAt : null;
    const issued = await createCode(
      tx,
      organizationId,
      {
        code: input.code,
        purpose: old.purpose,
        expiresAt: input.expiresAt !== undefined ? input.expiresAt : keepExpiry,
        maxRedemptions: input.maxRedemptions !== undefined ? input.maxRedemptions : old.maxRedemptions,
      },
      actor,
    );
    await audit(
      {
        ...actorFields(actor),
        action: "admin.access-code.rotated",
        organizationId,
        details: { diCode, oldAccessCodeId: old.id, oldHint: old.hint, accessCodeId: issued.id, hint: issued.hint },
      },
      tx,
    );
    return { ...issued, replaced: old.id };
  });
  return { ...rotated, delivery: await deliverCollegeCode(rotated.id, rotated.code, "rotated", actor) };
}

export async function revokeAccessCode(diCode: string, id: string, actor: AdminActor): Promise<{ id: string; revokedAt: string }> {
  return prisma.$transaction(async (tx) => {
    const organizationId = await collegeIdOf(tx, diCode);
    const old = await lockActiveCode(tx, organizationId, id);
    const row = await tx.accessCode.update({ where: { id: old.id }, data: { revokedAt: new Date() }, select: { id: true, revokedAt: true } });
    await audit({ ...actorFields(actor), action: "admin.access-code.revoked", organizationId, details: { diCode, accessCodeId: old.id, hint: old.hint } }, tx);
    return { id: row.id, revokedAt: row.revokedAt!.toISOString() };
  });
}

/** Sets or clears a code's expiry and redemption limit. */
export async function updateAccessCode(diCode: string, id: string, input: UpdateAccessCodeInput, actor: AdminActor) {
  return prisma.$transaction(async (tx) => {
    const organizationId = await collegeIdOf(tx, diCode);
    const old = await lockActiveCode(tx, organizationId, id);
    const data: Prisma.AccessCodeUpdateInput = {};
    if (input.expiresAt !== undefined) data.expiresAt = input.expiresAt;
    if (input.maxRedemptions !== undefined) data.maxRedemptions = input.maxRedemptions;
    const row = await tx.accessCode.update({ where: { id: old.id }, data, select: { id: true, hint: true, expiresAt: true, maxRedemptions: true } });
    await audit(
      {
        ...actorFields(actor),
        action: "admin.access-code.updated",
        organizationId,
        details: { diCode, accessCodeId: row.id, expiresAt: row.expiresAt?.toISOString() ?? null, maxRedemptions: row.maxRedemptions },
      },
      tx,
    );
    return { id: row.id, hint: row.hint, expiresAt: row.expiresAt?.toISOString() ?? null, maxRedemptions: row.maxRedemptions };
  });
}
