/**
 * The sign-in form answers the same for an address without an account as for a real account
 * with a wrong password, lock included: before, only real accounts locked, so five failures
 * told anyone which addresses have accounts.
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { checkPassword } from "@/lib/auth/mutations";

useTestDatabase();

describe("sign-in does not reveal whether an address has an account", () => {
  it("an unknown address fails, locks and stays locked exactly like a real account", async () => {
    await makeUser({ email: "real.person@enum.test" });
    const answers = async (email: string, net: number) => {
      const seen: Array<{ ok: boolean; code?: string; message?: string }> = [];
      // A new client address each time: the per-address limit is not what is tested here.
      for (let i = 0; i < 7; i++) {
        const result = await checkPassword(email, "wrong password 123", `198.51.${net}.${i + 1}`, "portal");
        seen.push(result.ok ? { ok: true } : { ok: false, code: result.code, message: result.message });
      }
      return seen;
    };
    const real = await answers("real.person@enum.test", 10);
    const unknown = await answers("nobody.here@enum.test", 20);
    expect(unknown).toEqual(real);
    expect(real.slice(0, 4).every((a) => a.code === "UNAUTHENTICATED")).toBe(true);
    expect(real.slice(4).every((a) => a.code === "LOCKED")).toBe(true);
    expect(real[4]!.message).toMatch(/locked for 1 more minute/);
  });
});
