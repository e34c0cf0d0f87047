import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeUser } from "@/lib/test/factories";
import { prisma } from "@/lib/db";
import { CODE_ATTEMPT_LIMITS, throttleCodeAttempts } from "@/lib/access-codes/mutations";

useTestDatabase();

async function attempts(purpose: "HED" | "K12_SCHOOL", userId: string, ip: string, n: number) {
  const results = [];
  for (let i = 0; i < n; i++) results.push(await throttleCodeAttempts(purpose, userId, ip));
  return results;
}

describe("the access-code throttle", () => {
  it("counts every attempt per account, refuses past the limit with Retry-After, and audits the crossing once", async () => {
    const user = await makeUser();
    const { limit } = CODE_ATTEMPT_LIMITS.K12_SCHOOL.perUser;
    const results = await attempts("K12_SCHOOL", user.id, "192.0.2.50", limit + 3);
    expect(results.slice(0, limit).every((r) => r === null)).toBe(true);
    const refused = results.slice(limit);
    expect(refused.every((r) => r?.code === "RATE_LIMITED" && (r.retryAfterSeconds ?? 0) > 0)).toBe(true);
    expect(refused[0]?.message).toMatch(/^Too many access code attempts\. Try again in \d+ minutes\.$/);
    const events = await prisma.auditEvent.findMany({ where: { actorUserId: user.id, action: "access-code.rejected" } });
    expect(events.map((e) => e.details)).toEqual([{ reason: "rate-limited", portal: "k12" }]);
  });

  it("limits college codes per address too, across accounts", async () => {
    const { limit } = CODE_ATTEMPT_LIMITS.HED.perIp!;
    const perUser = CODE_ATTEMPT_LIMITS.HED.perUser.limit;
    const users = await Promise.all(Array.from({ length: Math.ceil(limit / perUser) + 1 }, () => makeUser()));
    let allowed = 0;
    for (const user of users) allowed += (await attempts("HED", user.id, "192.0.2.51", perUser)).filter((r) => r === null).length;
    expect(allowed).toBe(limit);
  });
});
