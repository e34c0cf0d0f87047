/**
 * K-12 grants that stick: a removed staff member cannot walk back in with the same school code
 * until the principal allows it, and only the superintendent removes district administrators
 * and principals.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import { startOfZonedDay } from "@/lib/dates";
import { resolveK12Access } from "@/lib/k12/queries";
import { loadK12Data, redeemSchoolCode, removeStaffAccess, restoreStaffAccess } from "@/lib/k12/mutations";
import { K12LoadSchema } from "@/lib/k12/schema";
import { k12DemoLoad, K12_DEMO_ACCOUNTS } from "@/prisma/seed-k12";

useTestDatabase();

const NOW = startOfZonedDay("2026-11-15");
const R = 2026;

async function load(input: unknown) {
  const result = await loadK12Data(K12LoadSchema.parse(input), { userId: null, label: "test" }, NOW);
  if ("ok" in result) throw new Error(result.message);
}
async function id(email: string) {
  return (await prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } })).id;
}
async function option(email: string) {
  return (await resolveK12Access(await id(email), NOW)).options[0]!;
}
const user = (email: string) => ({ email, password: "Long-Test-Password-1", firstName: "T", lastName: email.split("@")[0]! });

beforeAll(async () => {
  await load(k12DemoLoad(NOW));
  await load({
    schools: [{ code: "310001", name: "Integrity High", state: "IL", districtCode: "SPFD" }],
    users: [user("int-principal@k12.test"), user("int-staff@k12.test"), user("int-district@k12.test")],
    schoolAdmins: [{ email: "int-principal@k12.test", schoolCode: "310001", position: "Principal" }],
    districtAdmins: [
      { email: "int-district@k12.test", districtCode: "SPFD", position: "District Administrator", authorizedBy: "Sam Superintendent", windowStartYear: R },
    ],
    accessCodes: [{ schoolCode: "310001", code: "INTG-7QKX-M4RT-ZP9W", adminYear: R }],
  });
});

describe("removing a staff member's access", () => {
  it("closes the school code to them until the principal restores it", async () => {
    const staff = await id("int-staff@k12.test");
    expect(await redeemSchoolCode(staff, "INTG-7QKX-M4RT-ZP9W", "AP Coordinator", null, NOW)).toMatchObject({ ok: true });
    const principal = await option("int-principal@k12.test");
    expect(await removeStaffAccess(await id("int-principal@k12.test"), principal, staff, undefined, NOW)).toMatchObject({ ok: true });
    expect(await redeemSchoolCode(staff, "INTG-7QKX-M4RT-ZP9W", "AP Coordinator", null, NOW)).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
      message: expect.stringMatching(/removed by your school/),
    });
    expect((await resolveK12Access(staff, NOW)).options).toEqual([]);

    expect(await restoreStaffAccess(await id("int-principal@k12.test"), principal, staff, undefined)).toEqual({ ok: true });
    expect(await redeemSchoolCode(staff, "INTG-7QKX-M4RT-ZP9W", "AP Coordinator", null, NOW)).toMatchObject({ ok: true });
  });

  it("of a principal or district administrator is reserved to the superintendent", async () => {
    const districtAdmin = await option("int-district@k12.test");
    const principalId = await id("int-principal@k12.test");
    const superintendentId = await id(K12_DEMO_ACCOUNTS.superintendent.email);
    // Another district administrator may not remove the principal, the superintendent or a peer.
    for (const target of [principalId, superintendentId, await id(K12_DEMO_ACCOUNTS.expiredDistrict.email)]) {
      const result = await removeStaffAccess(await id("int-district@k12.test"), districtAdmin, target, undefined, NOW);
      if (target === (await id(K12_DEMO_ACCOUNTS.expiredDistrict.email)) && !result.ok && result.code === "NOT_FOUND") continue; // expired: nothing active to remove
      expect(result).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect((await option("int-principal@k12.test")).position).toBe("Principal");
    // The superintendent may.
    const superintendent = await option(K12_DEMO_ACCOUNTS.superintendent.email);
    expect(await removeStaffAccess(superintendentId, superintendent, principalId, undefined, NOW)).toMatchObject({ ok: true });
    expect(await removeStaffAccess(superintendentId, superintendent, await id("int-district@k12.test"), undefined, NOW)).toMatchObject({ ok: true });
  });
});
