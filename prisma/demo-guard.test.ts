import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { assertNoDemoAccountsInProduction } from "@/prisma/demo-guard";

useTestDatabase();

describe("production guard", () => {
  it("lets a production deployment start without demo accounts", async () => {
    await expect(assertNoDemoAccountsInProduction("production")).resolves.toBeUndefined();
  });

  it("refuses a production deployment while a demo account exists, but not a development one", async () => {
    await makeUser({ email: "registrar@example.edu", firstName: "R", lastName: "R" });
    await expect(assertNoDemoAccountsInProduction("production")).rejects.toThrow(/demo accounts exist/);
    await expect(assertNoDemoAccountsInProduction("development")).resolves.toBeUndefined();
  });
});
