import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { CODE_ATTEMPT_LIMITS, throttleCodeAttempts } from "@/lib/access-codes/mutations";

useTestDatabase();

describe("access-code attempt throttle", () => {
  it("limits one client address across many accounts in the K-12 portal, on the budget it shares with higher-ed codes", async () => {
    const perIp = CODE_ATTEMPT_LIMITS.K12_SCHOOL.perIp!;
    for (let i = 0; i < perIp.limit / 2; i++) expect(await throttleCodeAttempts("HED", crypto.randomUUID(), "198.51.100.9")).toBeNull();
    for (let i = perIp.limit / 2; i < perIp.limit; i++) expect(await throttleCodeAttempts("K12_SCHOOL", crypto.randomUUID(), "198.51.100.9")).toBeNull();
    expect(await throttleCodeAttempts("K12_SCHOOL", crypto.randomUUID(), "198.51.100.9")).toMatchObject({ ok: false, code: "RATE_LIMITED" });
    expect(await throttleCodeAttempts("K12_SCHOOL", crypto.randomUUID(), "198.51.100.10")).toBeNull();
  });

  it("still limits one K-12 account", async () => {
    const user = crypto.randomUUID();
    const { perUser } = CODE_ATTEMPT_LIMITS.K12_SCHOOL;
    for (let i = 0; i < perUser.limit; i++) expect(await throttleCodeAttempts("K12_SCHOOL", user, `192.0.2.${i}`)).toBeNull();
    expect(await throttleCodeAttempts("K12_SCHOOL", user, "192.0.2.250")).toMatchObject({ ok: false, code: "RATE_LIMITED" });
  });
});
