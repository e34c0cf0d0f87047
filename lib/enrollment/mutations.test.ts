import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeCollege, makeUser } from "@/lib/test/factories";
import { prisma } from "@/lib/db";
import { accessCodeHint, generateAccessCode, hashAccessCode } from "@/lib/access-codes/rules";
import { MAX_INSTITUTIONS_PER_USER } from "@/lib/permissions";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { leaveInstitution, redeemAccessCode, selectInstitution } from "@/lib/enrollment/mutations";
import { listYourAccess } from "@/lib/enrollment/queries";

useTestDatabase();

let nextDi = 7000;
async function collegeWithAccessCode(
  name = `College ${nextDi}`,
  code: Partial<{ revokedAt: Date; expiresAt: Date; maxRedemptions: number; purpose: "HED" | "K12_SCHOOL" }> = {},
) {
  const org = await makeCollege(String(nextDi++), { name, zip: "10001" });
  const accessCode = generateAccessCode();
  const row = await prisma.accessCode.create({
    data: { organizationId: org.id, codeHash: hashAccessCode(accessCode), hint: accessCodeHint(accessCode), ...code },
    select: { id: true },
  });
  return { ...org, accessCode, accessCodeId: row.id };
}

const audits = (userId: string, action: string) => prisma.auditEvent.findMany({ where: { actorUserId: userId, action }, orderBy: { id: "asc" } });

describe("redeemAccessCode", () => {
  it("grants APOSRD HED Admin at the code's institution, selects it, and audits the redemption", async () => {
    const user = await makeUser();
    const college = await collegeWithAccessCode("Alpha University");
    const result = await redeemAccessCode(user.id, { organizationId: college.id, accessCode: college.accessCode }, "192.0.2.1");
    expect(result).toMatchObject({ ok: true, organization: { id: college.id, name: "Alpha University" }, position: "APOSRD HED Admin" });
    const membership = await prisma.membership.findFirstOrThrow({ where: { userId: user.id } });
    expect(membership).toMatchObject({
      organizationId: college.id,
      role: "HED_ADMIN",
      position: "APOSRD HED Admin",
      accessCodeId: college.accessCodeId,
      expiresAt: null,
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).selectedOrganizationId).toBe(college.id);
    const [event] = await audits(user.id, "access-code.redeemed");
    expect(event).toMatchObject({ organizationId: college.id, ip: "192.0.2.1" });
    expect(JSON.stringify(event!.details)).not.toContain(college.accessCode);
    expect(await listYourAccess(user.id)).toEqual([
      {
        organizationId: college.id,
        organizationName: "Alpha University",
        diCode: expect.any(String),
        position: "APOSRD HED Admin",
        expiresAt: null,
        expired: false,
      },
    ]);
  });

  it("accepts the code in any case and with spaces instead of hyphens", async () => {
    const user = await makeUser();
    const college = await collegeWithAccessCode();
    const typed = ` ${college.accessCode.toLowerCase().replace(/-/g, " ")} `;
    expect((await redeemAccessCode(user.id, { organizationId: college.id, accessCode: typed }, null)).ok).toBe(true);
  });

  it("refuses a valid code for a different institution, naming the selected one, and stores nothing", async () => {
    const user = await makeUser();
    const selected = await collegeWithAccessCode("Selected College");
    const other = await collegeWithAccessCode("Other College");
    const result = await redeemAccessCode(user.id, { organizationId: selected.id, accessCode: other.accessCode }, null);
    expect(result).toEqual({
      ok: false,
      reason: "wrong-organization",
      field: "accessCode",
      message: "This access code is not valid for Selected College. Check the code in your email; codes work only for the institution they were issued to.",
    });
    // The same answer as for a code that exists nowhere: the form is no oracle for real codes.
    const unknown = await redeemAccessCode(user.id, { organizationId: selected.id, accessCode: "NOPE-NOPE-NOPE" }, null);
    expect(unknown).toEqual({ ...result, reason: "invalid-code" });
    expect(await prisma.membership.count({ where: { userId: user.id } })).toBe(0);
    const [event] = await audits(user.id, "access-code.rejected");
    expect(event).toMatchObject({ organizationId: selected.id, details: { reason: "wrong-organization" } });
  });

  it("refuses an unknown code, a revoked code and an expired code, each with its own message", async () => {
    const user = await makeUser();
    const college = await collegeWithAccessCode();
    const unknown = await redeemAccessCode(user.id, { organizationId: college.id, accessCode: "NOPE-NOPE-NOPE" }, null);
    expect(unknown).toMatchObject({ ok: false, reason: "invalid-code", message: expect.stringMatching(/not valid/) });

    const revoked = await collegeWithAccessCode("Revoked College", { revokedAt: new Date() });
    expect(await redeemAccessCode(user.id, { organizationId: revoked.id, accessCode: revoked.accessCode }, null)).toMatchObject({
      ok: false,
      reason: "revoked",
      message: expect.stringMatching(/revoked/),
    });

    const expired = await collegeWithAccessCode("Expired College", { expiresAt: new Date("2025-04-08T16:00:00Z") });
    expect(await redeemAccessCode(user.id, { organizationId: expired.id, accessCode: expired.accessCode }, null)).toMatchObject({
      ok: false,
      reason: "expired",
      message: expect.stringContaining("expired on April 8, 2025"),
    });
    expect(await prisma.membership.count({ where: { userId: user.id } })).toBe(0);
    expect((await audits(user.id, "access-code.rejected")).map((e) => (e.details as { reason: string }).reason)).toEqual([
      "invalid-code",
      "revoked",
      "expired",
    ]);
  });

  it("refuses an organization that is not a college, and a code meant for another portal", async () => {
    const user = await makeUser();
    const school = await prisma.organization.create({ data: { kind: "SCHOOL", code: "330001", name: "A High School", addressLines: [] } });
    const college = await collegeWithAccessCode();
    expect(await redeemAccessCode(user.id, { organizationId: school.id, accessCode: college.accessCode }, null)).toMatchObject({
      ok: false,
      reason: "unknown-organization",
    });
    const k12 = await collegeWithAccessCode("Odd College", { purpose: "K12_SCHOOL" });
    const wrongPortal = await redeemAccessCode(user.id, { organizationId: k12.id, accessCode: k12.accessCode }, null);
    expect(wrongPortal).toMatchObject({ ok: false, reason: "wrong-portal" });
    const unknown = await redeemAccessCode(user.id, { organizationId: k12.id, accessCode: "NOPE-NOPE-NOPE" }, null);
    expect(!wrongPortal.ok && !unknown.ok && wrongPortal.message).toBe(!unknown.ok && unknown.message);
  });

  it("tells an already-enrolled user so, without a second membership", async () => {
    const user = await makeUser();
    const college = await collegeWithAccessCode("Twice College");
    expect((await redeemAccessCode(user.id, { organizationId: college.id, accessCode: college.accessCode }, null)).ok).toBe(true);
    const again = await redeemAccessCode(user.id, { organizationId: college.id, accessCode: college.accessCode }, null);
    expect(again).toMatchObject({
      ok: false,
      reason: "already-enrolled",
      message: "You already have access to Twice College. It is listed under Your access.",
    });
    expect(await prisma.membership.count({ where: { userId: user.id } })).toBe(1);
  });

  it("renews an expired role at the same institution instead of refusing it", async () => {
    const user = await makeUser();
    const college = await collegeWithAccessCode();
    await prisma.membership.create({
      data: { userId: user.id, organizationId: college.id, role: "HED_ADMIN", position: "APOSRD HED Admin", expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await redeemAccessCode(user.id, { organizationId: college.id, accessCode: college.accessCode }, null)).ok).toBe(true);
    const row = await prisma.membership.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.expiresAt).toBeNull();
  });

  it("respects a code's redemption limit, even when users redeem at the same moment", async () => {
    const college = await collegeWithAccessCode("Limited College", { maxRedemptions: 2 });
    const users = await Promise.all(Array.from({ length: 5 }, () => makeUser()));
    const results = await Promise.all(users.map((u) => redeemAccessCode(u.id, { organizationId: college.id, accessCode: college.accessCode }, null)));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok && r.reason === "exhausted")).toHaveLength(3);
    expect(await prisma.membership.count({ where: { accessCodeId: college.accessCodeId } })).toBe(2);
  });

  it(`allows ${MAX_INSTITUTIONS_PER_USER} institutions per account and refuses the next with a clear message`, async () => {
    const user = await makeUser();
    const colleges = [];
    for (let i = 0; i <= MAX_INSTITUTIONS_PER_USER; i++) colleges.push(await collegeWithAccessCode());
    for (const college of colleges.slice(0, MAX_INSTITUTIONS_PER_USER)) {
      expect((await redeemAccessCode(user.id, { organizationId: college.id, accessCode: college.accessCode }, null)).ok).toBe(true);
    }
    const last = colleges[MAX_INSTITUTIONS_PER_USER]!;
    const refused = await redeemAccessCode(user.id, { organizationId: last.id, accessCode: last.accessCode }, null);
    expect(refused).toMatchObject({ ok: false, reason: "limit", message: expect.stringContaining("already has access to 20 institutions") });
    expect(await prisma.membership.count({ where: { userId: user.id } })).toBe(MAX_INSTITUTIONS_PER_USER);

    // Leaving one makes room again.
    expect((await leaveInstitution(user.id, colleges[0]!.id, null)).ok).toBe(true);
    expect((await redeemAccessCode(user.id, { organizationId: last.id, accessCode: last.accessCode }, null)).ok).toBe(true);
  });

  it("keeps the limit when two redemptions for one user race at the 20th slot", async () => {
    const user = await makeUser();
    for (let i = 0; i < MAX_INSTITUTIONS_PER_USER - 1; i++) {
      const c = await collegeWithAccessCode();
      await prisma.membership.create({ data: { userId: user.id, organizationId: c.id, role: "HED_ADMIN", position: "APOSRD HED Admin" } });
    }
    const a = await collegeWithAccessCode();
    const b = await collegeWithAccessCode();
    const results = await Promise.all([a, b].map((c) => redeemAccessCode(user.id, { organizationId: c.id, accessCode: c.accessCode }, null)));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await prisma.membership.count({ where: { userId: user.id } })).toBe(MAX_INSTITUTIONS_PER_USER);
  });
});

describe("leaveInstitution", () => {
  it("removes the role, clears the selection when it was that institution, and audits it", async () => {
    const user = await makeUser();
    const first = await collegeWithAccessCode("First College");
    const second = await collegeWithAccessCode("Second College");
    await redeemAccessCode(user.id, { organizationId: first.id, accessCode: first.accessCode }, null);
    await redeemAccessCode(user.id, { organizationId: second.id, accessCode: second.accessCode }, null);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).selectedOrganizationId).toBe(first.id);

    expect(await leaveInstitution(user.id, first.id, "192.0.2.9")).toEqual({ ok: true, organizationName: "First College" });
    expect((await listYourAccess(user.id)).map((r) => r.organizationName)).toEqual(["Second College"]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).selectedOrganizationId).toBeNull();
    const [event] = await audits(user.id, "enrollment.left");
    expect(event).toMatchObject({ organizationId: first.id, ip: "192.0.2.9" });
  });

  it("cannot touch another user's membership", async () => {
    const owner = await makeUser();
    const stranger = await makeUser();
    const college = await collegeWithAccessCode();
    await redeemAccessCode(owner.id, { organizationId: college.id, accessCode: college.accessCode }, null);
    expect(await leaveInstitution(stranger.id, college.id, null)).toMatchObject({ ok: false, reason: "not-enrolled" });
    expect(await prisma.membership.count({ where: { userId: owner.id } })).toBe(1);
  });
});

describe("selectInstitution", () => {
  it("persists the choice on the user", async () => {
    const user = await makeUser();
    const college = await collegeWithAccessCode();
    await selectInstitution(user.id, college.id as AuthorizedOrganizationId);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).selectedOrganizationId).toBe(college.id);
  });
});
