import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { prisma } from "@/lib/db";
import { hashAccessCode } from "@/lib/access-codes/rules";
import { createInstitution } from "@/lib/institutions/mutations";
import { issueAccessCode, revokeAccessCode, rotateAccessCode, updateAccessCode } from "@/lib/access-codes/mutations";
import { removeEnrollment, unlockUser } from "@/lib/accounts/mutations";
import { createAdminToken, revokeAdminToken } from "@/lib/admin-tokens/mutations";
import { getInstitution } from "@/lib/institutions/queries";
import { listAuditEvents } from "@/lib/audit-log/queries";
import { AuditFilterSchema } from "@/lib/audit-log/schema";
import { CreateInstitutionSchema } from "@/lib/institutions/schema";
import { IssueAccessCodeSchema } from "@/lib/access-codes/schema";
import type { AdminActor } from "@/lib/audit";
import { AppError } from "@/lib/errors";

useTestDatabase();

const actor: AdminActor = { type: "user", userId: null, label: "admin@example.org", tokenId: null, ip: "192.0.2.9" };

/**
 * Whether `code` would be accepted for the institution the way enrollment checks it: the hash
 * of the normalized code matches a code of that institution that is neither revoked, expired
 * nor used up.
 */
async function codeWorks(code: string, organizationId: string, now = new Date()): Promise<boolean> {
  const row = await prisma.accessCode.findUnique({
    where: { codeHash: hashAccessCode(code) },
    select: { organizationId: true, revokedAt: true, expiresAt: true, maxRedemptions: true, _count: { select: { memberships: true } } },
  });
  if (!row || row.organizationId !== organizationId || row.revokedAt) return false;
  if (row.expiresAt && row.expiresAt <= now) return false;
  return row.maxRedemptions === null || row._count.memberships < row.maxRedemptions;
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

let orgId = "";
let otherOrgId = "";

beforeAll(async () => {
  orgId = (await createInstitution(CreateInstitutionSchema.parse({ diCode: "7001", name: "Code Test College", zip: "10023" }), actor)).id;
  otherOrgId = (await createInstitution(CreateInstitutionSchema.parse({ diCode: "007002", name: "Other College" }), actor)).id;
});

describe("institutions", () => {
  it("stores DI codes without extra leading zeros and refuses a duplicate with 409", async () => {
    const other = await prisma.organization.findUniqueOrThrow({ where: { id: otherOrgId } });
    expect(other.code).toBe("7002");
    const dup = await failure(createInstitution(CreateInstitutionSchema.parse({ diCode: "7002", name: "Again" }), actor));
    expect(dup.status).toBe(409);
    expect(dup.details.field).toBe("diCode");
  });
});

describe("access codes", () => {
  it("issues a code that works for its own institution only, stored hashed", async () => {
    const issued = await issueAccessCode("7001", IssueAccessCodeSchema.parse({}), actor);
    expect(issued.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const row = await prisma.accessCode.findUniqueOrThrow({ where: { id: issued.id } });
    expect(row.codeHash).toBe(hashAccessCode(issued.code));
    expect(JSON.stringify(row)).not.toContain(issued.code);
    expect(await codeWorks(issued.code.toLowerCase().replace(/-/g, " "), orgId)).toBe(true);
    expect(await codeWorks(issued.code, otherOrgId)).toBe(false);
  });

  it("accepts an explicit code once and refuses to hand it out again (409), even to another institution", async () => {
    await issueAccessCode("7001", IssueAccessCodeSchema.parse({ code: "TEST-7001-CODE" }), actor);
    const again = await failure(issueAccessCode("7002", IssueAccessCodeSchema.parse({ code: "test 7001 code" }), actor));
    expect(again.status).toBe(409);
  });

  it("rotating revokes the old code and issues a working new one atomically", async () => {
    const old = await issueAccessCode("7001", IssueAccessCodeSchema.parse({ maxRedemptions: 10 }), actor);
    const rotated = await rotateAccessCode("7001", old.id, {}, actor);
    expect(rotated.replaced).toBe(old.id);
    expect(rotated.code).not.toBe(old.code);
    expect(rotated.maxRedemptions).toBe(10);
    expect(await codeWorks(old.code, orgId)).toBe(false);
    expect(await codeWorks(rotated.code, orgId)).toBe(true);
    // The old hash now belongs to a revoked row only: no active code matches it.
    const active = await prisma.accessCode.count({ where: { codeHash: hashAccessCode(old.code), revokedAt: null } });
    expect(active).toBe(0);
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.access-code.rotated" }, orderBy: { id: "desc" } });
    expect(audit.details).toMatchObject({ oldAccessCodeId: old.id, accessCodeId: rotated.id });
  });

  it("a rotation that fails (explicit code taken) leaves the old code working", async () => {
    const old = await issueAccessCode("7001", IssueAccessCodeSchema.parse({}), actor);
    const error = await failure(rotateAccessCode("7001", old.id, { code: "TEST-7001-CODE" }, actor));
    expect(error.status).toBe(409);
    expect(await codeWorks(old.code, orgId)).toBe(true);
  });

  it("a revoked code cannot be rotated or revoked again (409); another institution's code is not found (404)", async () => {
    const code = await issueAccessCode("7001", IssueAccessCodeSchema.parse({}), actor);
    expect((await failure(revokeAccessCode("7002", code.id, actor))).status).toBe(404);
    await revokeAccessCode("7001", code.id, actor);
    expect(await codeWorks(code.code, orgId)).toBe(false);
    expect((await failure(revokeAccessCode("7001", code.id, actor))).status).toBe(409);
    expect((await failure(rotateAccessCode("7001", code.id, {}, actor))).status).toBe(409);
  });

  it("an expiry stops the code at that moment and can be lifted again", async () => {
    const soon = new Date(Date.now() + 60_000);
    const code = await issueAccessCode("7001", { purpose: "HED", expiresAt: soon }, actor);
    expect(await codeWorks(code.code, orgId)).toBe(true);
    expect(await codeWorks(code.code, orgId, new Date(soon.getTime() + 1))).toBe(false);
    await updateAccessCode("7001", code.id, { expiresAt: null }, actor);
    expect(await codeWorks(code.code, orgId, new Date(soon.getTime() + 1))).toBe(true);
    expect(IssueAccessCodeSchema.safeParse({ expiresAt: "2001-01-01T00:00:00Z" }).success).toBe(false);
  });

  it("counts redemptions per code", async () => {
    const code = await issueAccessCode("7001", IssueAccessCodeSchema.parse({ maxRedemptions: 1 }), actor);
    const user = await makeUser({ email: "redeemer@example.edu", firstName: "R", lastName: "D" });
    await prisma.membership.create({
      data: { userId: user.id, organizationId: orgId, role: "HED_ADMIN", position: "APOSRD HED Admin", accessCodeId: code.id },
    });
    const detail = await getInstitution("7001");
    const item = detail!.accessCodes.find((c) => c.id === code.id)!;
    expect(item.redemptions).toBe(1);
    expect(item.status).toBe("used-up");
    expect(await codeWorks(code.code, orgId)).toBe(false);
  });
});

describe("users", () => {
  it("removing an enrollment takes the institution away and is audited", async () => {
    const user = await makeUser({ email: "member@example.edu", firstName: "M", lastName: "E", selectedOrganizationId: orgId });
    const m = await prisma.membership.create({ data: { userId: user.id, organizationId: orgId, role: "HED_ADMIN", position: "APOSRD HED Admin" } });
    expect((await failure(removeEnrollment(user.id, crypto.randomUUID(), actor))).status).toBe(404);
    await removeEnrollment(user.id, m.id, actor);
    expect(await prisma.membership.count({ where: { userId: user.id } })).toBe(0);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).selectedOrganizationId).toBeNull();
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "enrollment.removed", targetUserId: user.id } });
    expect(event.organizationId).toBe(orgId);
  });

  it("unlocking clears the lock and the failure count", async () => {
    const user = await makeUser({
      email: "locked@example.edu",
      firstName: "L",
      lastName: "K",
      failedLogins: 100,
      lockedUntil: new Date("9999-12-31T00:00:00Z"),
    });
    await unlockUser(user.id, actor);
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row).toMatchObject({ failedLogins: 0, lockedUntil: null });
    expect(await prisma.auditEvent.count({ where: { action: "admin.user.unlocked", targetUserId: user.id } })).toBe(1);
  });
});

describe("admin API tokens and the audit log", () => {
  it("a token is stored hashed and can be revoked once", async () => {
    const created = await createAdminToken("CI suite", actor);
    const row = await prisma.adminApiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).not.toContain(created.token);
    expect(created.token.startsWith(row.prefix)).toBe(true);
    await revokeAdminToken(created.id, actor);
    expect((await failure(revokeAdminToken(created.id, actor))).status).toBe(409);
  });

  it("filters by institution and action, and pages by id without gaps or repeats", async () => {
    const filter = AuditFilterSchema.parse({ institution: "7001", limit: "2" });
    const seen: string[] = [];
    let before = "";
    for (;;) {
      const page = await listAuditEvents({ ...filter, before });
      seen.push(...page.rows.map((r) => r.id));
      expect(page.rows.every((r) => r.organizationCode === "7001")).toBe(true);
      if (!page.nextBefore) break;
      before = page.nextBefore;
    }
    const total = await prisma.auditEvent.count({ where: { organizationId: orgId } });
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen.map(BigInt)).toEqual([...seen.map(BigInt)].sort((a, b) => (a < b ? 1 : -1)));
    const revoked = await listAuditEvents(AuditFilterSchema.parse({ action: "admin.access-code.revoked" }));
    expect(revoked.rows.length).toBeGreaterThan(0);
    expect(revoked.rows.every((r) => r.action === "admin.access-code.revoked")).toBe(true);
  });

  it("the audit log cannot be changed", async () => {
    await expect(prisma.auditEvent.deleteMany({})).rejects.toThrow();
  });
});
