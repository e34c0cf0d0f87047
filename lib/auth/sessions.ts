import { prisma } from "@/lib/db";
import { ABSOLUTE_TIMEOUT_SECONDS } from "@/lib/auth/rules";

/**
 * Sessions are signed cookies (Auth.js JWTs), valid until they expire. Signing out deletes the
 * cookie from the browser, but a copy (stolen, or replayed from a log) would still work — so
 * sign-out also records the session's id here, and the gate refuses it on every request. The
 * row lives as long as the longest session could (then the retention job sweeps it).
 * Ending *all* of a user's sessions is the session version's job (password and MFA changes,
 * an administrator's lock).
 */
const key = (sid: string) => `revoked-session:${sid}`;

export async function revokeSession(sid: string): Promise<void> {
  const expiresAt = new Date(Date.now() + ABSOLUTE_TIMEOUT_SECONDS * 1000);
  await prisma.rateLimit.upsert({ where: { key: key(sid) }, create: { key: key(sid), count: 1, expiresAt }, update: {} });
}

export async function isSessionRevoked(sid: string): Promise<boolean> {
  return (await prisma.rateLimit.count({ where: { key: key(sid) } })) > 0;
}
