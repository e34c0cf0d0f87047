import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import { assertNoDemoAccountsInProduction } from "@/lib/production-guard";

useTestDatabase();

describe("production guard", () => {
  it("lets a production deployment start without demo accounts", async () => {
    await expect(assertNoDemoAccountsInProduction("production")).resolves.toBeUndefined();
  });

  it("refuses a production deployment while a demo account exists, but not a development one", async () => {
    await prisma.user.create({
      data: { email: "registrar@example.edu", passwordHash: "x", firstName: "R", lastName: "R", organizationName: "X", jobFunction: "Other" },
    });
    await expect(assertNoDemoAccountsInProduction("production")).rejects.toThrow(/demo accounts exist/);
    await expect(assertNoDemoAccountsInProduction("development")).resolves.toBeUndefined();
  });
});
