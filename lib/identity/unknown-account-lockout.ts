/**
 * Sign-in attempts on an address that has no account lock exactly as a real account would
 * (lib/auth/rules.ts `lockAfterFailures`: every 5th consecutive failure locks for longer, the
 * 100th for good), with the same messages. Otherwise "only real accounts lock" would tell anyone
 * who fails five times which addresses have accounts. The state lives in the shared rate_limit
 * table: a failure count per address, and the lock's end in a row that expires with the lock.
 */
import { prisma } from "@/lib/db";
import { hitRateLimit } from "@/lib/rate-limit";
import { lockAfterFailures } from "@/lib/auth/rules";

/** Long enough to behave like an account's failure count, which only a success resets. */
const COUNT_WINDOW_SECONDS = 30 * 24 * 3600;

function keys(email: string) {
  return { count: `login-unknown:${email}`, lock: `login-unknown-lock:${email}` };
}

/** When the lock on this unknown address ends, or null when it is not locked. */
export async function unknownAccountLockedUntil(email: string, now = new Date()): Promise<Date | null> {
  const row = await prisma.rateLimit.findUnique({ where: { key: keys(email).lock }, select: { lockedUntil: true } });
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/** Counts a failed sign-in on an unknown address; returns the lock's end when this failure locks it. */
export async function recordUnknownAccountFailure(email: string, now = new Date()): Promise<Date | null> {
  const { count } = await hitRateLimit(keys(email).count, Number.MAX_SAFE_INTEGER, COUNT_WINDOW_SECONDS);
  const lockUntil = lockAfterFailures(count, now);
  if (lockUntil) {
    const key = keys(email).lock;
    const lock = { windowStart: now, lockedUntil: lockUntil, expiresAt: lockUntil };
    await prisma.rateLimit.upsert({ where: { key }, create: { key, count: 1, ...lock }, update: lock });
  }
  return lockUntil;
}
