import { audit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { hitRateLimit } from "@/lib/rate-limit";

/**
 * Access-code attempts (successes and failures) per account and per client address, in an
 * hour: enough for enrolling at 20 institutions with a few typos, far too few to guess a
 * 74-bit code. One policy and one budget for both portals: a higher-ed code and a K-12 school
 * code are guessed the same way.
 */
export const REDEEM_LIMITS = {
  perUser: { limit: 30, windowSeconds: 3600 },
  perIp: { limit: 100, windowSeconds: 3600 },
} as const;

/** Counts an attempt; throws RATE_LIMITED (with Retry-After) when the account or the address is over its limit. */
export async function throttleRedemption(userId: string, ip: string, portal: "hed" | "k12"): Promise<void> {
  // Every attempt counts, so neither one account nor one address can guess codes.
  const [byUser, byIp] = await Promise.all([
    hitRateLimit(`redeem-user:${userId}`, REDEEM_LIMITS.perUser.limit, REDEEM_LIMITS.perUser.windowSeconds),
    hitRateLimit(`redeem-ip:${ip}`, REDEEM_LIMITS.perIp.limit, REDEEM_LIMITS.perIp.windowSeconds),
  ]);
  if (byUser.allowed && byIp.allowed) return;
  // Recorded once per window, when the limit is first crossed, so a flood cannot flood the log.
  if (byUser.count === REDEEM_LIMITS.perUser.limit + 1 || byIp.count === REDEEM_LIMITS.perIp.limit + 1) {
    await audit({ actorType: "user", actorUserId: userId, action: "access-code.rejected", ip, details: { reason: "rate-limited", portal } });
  }
  const retryAfterSeconds = Math.max(byUser.allowed ? 0 : byUser.retryAfterSeconds, byIp.allowed ? 0 : byIp.retryAfterSeconds);
  throw new AppError("RATE_LIMITED", `Too many access code attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, { retryAfterSeconds });
}
