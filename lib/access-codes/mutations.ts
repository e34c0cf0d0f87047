import { audit } from "@/lib/audit";
import { refusal, type Refusal } from "@/lib/errors";
import type { AccessPurpose } from "@/lib/generated/prisma/enums";
import { hitRateLimit } from "@/lib/rate-limit";

interface Limit {
  /** Rate-limit counter prefix; the account id or the address is appended. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Access-code attempts (successes and failures) per window, for each kind of code. A college
 * code: enough for enrolling at 20 institutions with a few typos, far too few to guess a
 * 74-bit code; also per network address. A school's yearly code is shared with at most five
 * staff, so one account needs very few tries.
 */
export const CODE_ATTEMPT_LIMITS: Record<AccessPurpose, { perUser: Limit; perIp?: Limit }> = {
  HED: {
    perUser: { key: "redeem-user", limit: 30, windowSeconds: 3600 },
    perIp: { key: "redeem-ip", limit: 100, windowSeconds: 3600 },
  },
  K12_SCHOOL: {
    perUser: { key: "k12-redeem-user", limit: 10, windowSeconds: 3600 },
  },
};

/**
 * Counts one access-code attempt against the account's and the address's limits: null while
 * within them, else the refusal. Crossing a limit is audited once per window, when it is first
 * crossed, so a flood of attempts cannot flood the log.
 */
export async function throttleCodeAttempts(purpose: AccessPurpose, userId: string, ip: string): Promise<Refusal | null> {
  const { perUser, perIp } = CODE_ATTEMPT_LIMITS[purpose];
  const checks = [{ limit: perUser, subject: userId }, ...(perIp ? [{ limit: perIp, subject: ip }] : [])];
  const hits = await Promise.all(checks.map(({ limit, subject }) => hitRateLimit(`${limit.key}:${subject}`, limit.limit, limit.windowSeconds)));
  if (hits.every((hit) => hit.allowed)) return null;
  if (hits.some((hit, i) => hit.count === checks[i]!.limit.limit + 1)) {
    await audit({ actorType: "user", actorUserId: userId, action: "access-code.rejected", ip, details: { reason: "rate-limited", ...(purpose === "K12_SCHOOL" ? { portal: "k12" } : {}) } });
  }
  const retryAfterSeconds = Math.max(...hits.map((hit) => (hit.allowed ? 0 : hit.retryAfterSeconds)));
  return refusal("RATE_LIMITED", `Too many access code attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, { retryAfterSeconds });
}
