import { accessCodeHint, generateAccessCode, hashAccessCode, hashSecretToken } from "@/lib/access/codes";
import { actorFields, type AdminActor } from "@/lib/admin/actor";
import type {
  CreateInstitutionInput,
  InstitutionValues,
  IssueAccessCodeInput,
  RotateAccessCodeInput,
  UpdateAccessCodeInput,
  UpdateInstitutionInput,
} from "@/lib/admin/schema";
import { audit } from "@/lib/audit";
import { randomToken } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { AccessPurpose } from "@/lib/generated/prisma/enums";
import { releaseScoreReports, type ReleasedReport } from "@/lib/reports/release";
import type { ReleaseInput } from "@/lib/reports/schema";

type Tx = Prisma.TransactionClient;

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

// ───────────────────────────── score data ─────────────────────────────

/**
 * Releases the reports (all or nothing) and records who loaded how many. `locate` names
 * report n as the caller knows it ("line 7", or "" for a single report) in error messages.
 */
export async function loadScoreReports(
  inputs: ReleaseInput[],
  actor: AdminActor,
  source: "json" | "txt",
  locate: (index: number) => string = (index) => `reports.${index}`,
): Promise<ReleasedReport[]> {
  let released: ReleasedReport[];
  try {
    released = await releaseScoreReports(inputs);
  } catch (error) {
    throw relocate(error, locate);
  }
  await auditScoreLoad(actor, source, [...new Set(released.map((r) => r.diCode))], released.length);
  return released;
}

/** Records who loaded how many reports to which institutions. */
export async function auditScoreLoad(actor: AdminActor, source: "json" | "txt", diCodes: string[], count: number): Promise<void> {
  const single = diCodes.length === 1 ? await prisma.organization.findUnique({ where: { kind_code: { kind: "COLLEGE", code: diCodes[0]! } }, select: { id: true } }) : null;
  await audit({
    ...actorFields(actor),
    action: "admin.score-reports.loaded",
    organizationId: single?.id ?? null,
    recordCount: count,
    details: { source, diCodes: diCodes.slice(0, 50) },
  });
}

export function relocate(error: unknown, locate: (index: number) => string): unknown {
  if (!(error instanceof AppError)) return error;
  const match = /^reports\.(\d+)\.(.+)$/.exec(error.details.field ?? "");
  if (!match) return error;
  const where = locate(Number(match[1]));
  const field = where ? (where.startsWith("line ") ? where : `${where}.${match[2]}`) : match[2]!;
  const message = error.message.replace(/^reports\.\d+\.[^:]+: /, "");
  const label = where.startsWith("line ") ? `Line ${where.slice(5)}: ${match[2]}` : field;
  return new AppError(error.code, `${label}: ${message}`, { ...error.details, field });
}

// ───────────────────────────── institutions ─────────────────────────────

export interface InstitutionRow extends InstitutionValues {
  id: string;
  diCode: string;
}

const INSTITUTION_SELECT = { id: true, code: true, name: true, addressLines: true, city: true, state: true, zip: true, contactName: true, contactEmail: true } as const;

function toInstitutionRow(row: { id: string; code: string; name: string; addressLines: string[]; city: string; state: string; zip: string; contactName: string; contactEmail: string }): InstitutionRow {
  const { code, ...rest } = row;
  return { ...rest, diCode: code };
}

export async function createInstitution(input: CreateInstitutionInput, actor: AdminActor): Promise<InstitutionRow> {
  try {
    return await prisma.$transaction(async (tx) => {
      const { diCode, ...fields } = input;
      const row = await tx.organization.create({ data: { kind: "COLLEGE", code: diCode, ...fields }, select: INSTITUTION_SELECT });
      await audit({ ...actorFields(actor), action: "admin.institution.created", organizationId: row.id, details: { diCode, name: row.name } }, tx);
      return toInstitutionRow(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("CONFLICT", `An institution with DI code ${input.diCode} already exists.`, { field: "diCode", fieldErrors: { diCode: `DI code ${input.diCode} is already in use.` } });
    }
    throw error;
  }
}

export async function updateInstitution(diCode: string, input: UpdateInstitutionInput, actor: AdminActor): Promise<InstitutionRow> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.organization.findUnique({ where: { kind_code: { kind: "COLLEGE", code: diCode } }, select: { id: true } });
    if (!existing) throw new AppError("NOT_FOUND", `No institution has DI code ${diCode}.`);
    const data = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const row = await tx.organization.update({ where: { id: existing.id }, data, select: INSTITUTION_SELECT });
    await audit({ ...actorFields(actor), action: "admin.institution.updated", organizationId: row.id, details: { diCode, changed: Object.keys(data) } }, tx);
    return toInstitutionRow(row);
  });
}

// ───────────────────────────── access codes ─────────────────────────────

export interface IssuedAccessCode {
  id: string;
  /** The code itself: shown once, never stored. */
  code: string;
  hint: string;
  purpose: AccessPurpose;
  expiresAt: string | null;
  maxRedemptions: number | null;
  createdAt: string;
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
  if (existing) throw new AppError("CONFLICT", "This access code is already in use. Choose another one.", { field: "code", fieldErrors: { code: "This access code is already in use." } });
  const row = await tx.accessCode.create({
    data: {
      organizationId,
      purpose: settings.purpose,
      codeHash: hashAccessCode(code),
      hint: accessCodeHint(code),
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

export async function issueAccessCode(diCode: string, input: IssueAccessCodeInput, actor: AdminActor): Promise<IssuedAccessCode> {
  return inTransaction(async (tx) => {
    const organizationId = await collegeIdOf(tx, diCode);
    const issued = await createCode(tx, organizationId, { code: input.code, purpose: input.purpose, expiresAt: input.expiresAt ?? null, maxRedemptions: input.maxRedemptions ?? null }, actor);
    await audit(
      { ...actorFields(actor), action: "admin.access-code.issued", organizationId, details: { diCode, accessCodeId: issued.id, hint: issued.hint, purpose: issued.purpose, expiresAt: issued.expiresAt } },
      tx,
    );
    return issued;
  });
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
 */
export async function rotateAccessCode(diCode: string, id: string, input: RotateAccessCodeInput, actor: AdminActor): Promise<IssuedAccessCode & { replaced: string }> {
  return inTransaction(async (tx) => {
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
      { ...actorFields(actor), action: "admin.access-code.rotated", organizationId, details: { diCode, oldAccessCodeId: old.id, oldHint: old.hint, accessCodeId: issued.id, hint: issued.hint } },
      tx,
    );
    return { ...issued, replaced: old.id };
  });
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

// ───────────────────────────── users ─────────────────────────────

/** Takes a user's access to one institution away (they can enroll again with a valid code). */
export async function removeEnrollment(userId: string, membershipId: string, actor: AdminActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({
      where: { id: membershipId, userId },
      select: { id: true, role: true, organizationId: true, organization: { select: { code: true } } },
    });
    if (!membership) throw new AppError("NOT_FOUND", "This user has no such enrollment.");
    await tx.membership.delete({ where: { id: membership.id } });
    // The user's open sessions may be showing this institution: clear the selection.
    await tx.user.updateMany({ where: { id: userId, selectedOrganizationId: membership.organizationId }, data: { selectedOrganizationId: null } });
    await audit(
      { ...actorFields(actor), action: "enrollment.removed", organizationId: membership.organizationId, targetUserId: userId, details: { role: membership.role, code: membership.organization.code } },
      tx,
    );
  });
}

export async function unlockUser(userId: string, actor: AdminActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, lockedUntil: true, failedLogins: true } });
    if (!user) throw new AppError("NOT_FOUND", "No such user.");
    await tx.user.update({ where: { id: userId }, data: { lockedUntil: null, failedLogins: 0 } });
    await audit(
      { ...actorFields(actor), action: "admin.user.unlocked", targetUserId: userId, details: { email: user.email, wasLockedUntil: user.lockedUntil?.toISOString() ?? null, failedLogins: user.failedLogins } },
      tx,
    );
  });
}

// ───────────────────────────── admin API tokens ─────────────────────────────

export const TOKEN_PREFIX_LENGTH = 8;

export async function createAdminToken(name: string, actor: AdminActor): Promise<{ id: string; name: string; token: string; prefix: string; createdAt: string }> {
  const token = `apadm_${randomToken(32)}`;
  const prefix = token.slice(0, TOKEN_PREFIX_LENGTH + 6);
  return prisma.$transaction(async (tx) => {
    const row = await tx.adminApiToken.create({
      data: { name, tokenHash: hashSecretToken(token), prefix, createdById: actor.userId },
      select: { id: true, name: true, prefix: true, createdAt: true },
    });
    await audit({ ...actorFields(actor), action: "admin.token.created", details: { tokenId: row.id, name, prefix } }, tx);
    return { id: row.id, name: row.name, token, prefix: row.prefix, createdAt: row.createdAt.toISOString() };
  });
}

export async function revokeAdminToken(id: string, actor: AdminActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.adminApiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) {
      const exists = await tx.adminApiToken.findUnique({ where: { id }, select: { id: true } });
      if (!exists) throw new AppError("NOT_FOUND", "No such admin API token.");
      throw new AppError("CONFLICT", "This token has already been revoked.");
    }
    await audit({ ...actorFields(actor), action: "admin.token.revoked", details: { tokenId: id } }, tx);
  });
}
