import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { AppError } from "@/lib/errors";
import { REDEEM_LIMITS, throttleRedemption } from "@/lib/access/redeem-throttle";

useTestDatabase();

async function refusal(attempt: Promise<void>): Promise<AppError | null> {
  return attempt.then(
    () => null,
    (e: unknown) => (e instanceof AppError ? e : Promise.reject(e)),
  );
}

describe("access-code redemption throttle (both portals)", () => {
  it("limits one account across the higher-ed and K-12 portals", async () => {
    const user = crypto.randomUUID();
    for (let i = 0; i < REDEEM_LIMITS.perUser.limit; i++) await throttleRedemption(user, `192.0.2.${i}`, i % 2 ? "k12" : "hed");
    const error = await refusal(throttleRedemption(user, "192.0.2.250", "k12"));
    expect(error?.code).toBe("RATE_LIMITED");
    expect(error?.details.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("limits one client address across many accounts in the K-12 portal", async () => {
    for (let i = 0; i < REDEEM_LIMITS.perIp.limit; i++) await throttleRedemption(crypto.randomUUID(), "198.51.100.9", "k12");
    expect((await refusal(throttleRedemption(crypto.randomUUID(), "198.51.100.9", "k12")))?.code).toBe("RATE_LIMITED");
    expect(await refusal(throttleRedemption(crypto.randomUUID(), "198.51.100.10", "k12"))).toBeNull();
  });
});
