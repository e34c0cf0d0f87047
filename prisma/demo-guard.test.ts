import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import { createCollege, makeUser } from "@/lib/test/factories";
import { accessCodeHint, hashAccessCode, hashSecretToken } from "@/lib/access-codes/rules";
import { assertNoDemoAccountsInProduction } from "@/prisma/demo-guard";
import { DEMO_ADMIN_TOKEN, DEMO_INSTITUTIONS } from "@/prisma/demo-data";
import { K12_DEMO_ACCOUNTS, K12_DEMO_SCHOOLS, k12DemoAccessCode } from "@/prisma/demo-data-k12";

useTestDatabase();

async function demoCode(code: string) {
  const college = await createCollege("Guarded College");
  return prisma.accessCode.create({ data: { organizationId: college.id, codeHash: hashAccessCode(code), hint: accessCodeHint(code) } });
}

describe("production guard", () => {
  it("lets a production deployment start without demo data", async () => {
    await expect(assertNoDemoAccountsInProduction("production")).resolves.toBeUndefined();
  });

  it("refuses a production deployment while a demo account exists, but not a development one", async () => {
    const user = await makeUser({ email: "registrar@example.edu", firstName: "R", lastName: "R" });
    await expect(assertNoDemoAccountsInProduction("production")).rejects.toThrow(/demo accounts \(registrar@example\.edu\)/);
    await expect(assertNoDemoAccountsInProduction("development")).resolves.toBeUndefined();
    await prisma.user.delete({ where: { id: user.id } });
    const k12 = await makeUser({ email: K12_DEMO_ACCOUNTS.principal.email });
    await expect(assertNoDemoAccountsInProduction("production")).rejects.toThrow(/demo accounts/);
    await prisma.user.delete({ where: { id: k12.id } });
  });

  it("refuses while the demo admin token is live", async () => {
    const token = await prisma.adminApiToken.create({ data: { name: "renamed", tokenHash: hashSecretToken(DEMO_ADMIN_TOKEN), prefix: "xxxx" } });
    await expect(assertNoDemoAccountsInProduction("production")).rejects.toThrow(/demo admin API token/);
    await prisma.adminApiToken.update({ where: { id: token.id }, data: { revokedAt: new Date() } });
    await expect(assertNoDemoAccountsInProduction("production")).resolves.toBeUndefined();
  });

  it("refuses while a demo access code is live, found by its hash whatever institution holds it", async () => {
    for (const code of [DEMO_INSTITUTIONS.example.accessCode, "nrth 4866 demo", k12DemoAccessCode(K12_DEMO_SCHOOLS.north.code, 2024)]) {
      const row = await demoCode(code);
      await expect(assertNoDemoAccountsInProduction("production")).rejects.toThrow(/demo access codes \(Guarded College …/);
      await prisma.accessCode.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
      await expect(assertNoDemoAccountsInProduction("production")).resolves.toBeUndefined();
    }
  });
});
