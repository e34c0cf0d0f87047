import { prisma } from "@/lib/db";
import { audit } from "@/lib/audit";
import { env } from "@/lib/env";
import { burnPasswordCheck, verifyPassword } from "@/lib/crypto";
import { IP_FAILURE_LIMIT, IP_WINDOW_SECONDS, lockAfterFailures, lockMessage } from "@/lib/auth/rules";
import { refusal, type Refusal, type Result } from "@/lib/errors";
import { hitRateLimit, peekRateLimit } from "@/lib/rate-limit";
import { recordUnknownAccountFailure, unknownAccountLockedUntil } from "@/lib/identity/unknown-account-lockout";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface VerifiedUser {
  id: string;
  email: string;
  mfaEnabled: boolean;
  sessionVersion: number;
  passwordChangedAt: Date;
}

export type CredentialRefusal = Refusal & { reason: "invalid" | "locked" };
export type CredentialCheck = Result<{ user: VerifiedUser }, CredentialRefusal>;

function invalid(): CredentialRefusal {
  return { ...refusal("UNAUTHENTICATED", INVALID_CREDENTIALS), reason: "invalid" };
}

function locked(message: string, retryAfterSeconds: number): CredentialRefusal {
  return { ...refusal("LOCKED", message, { retryAfterSeconds }), reason: "locked" };
}

export const INVALID_CREDENTIALS = "The email address or password is incorrect.";

const IP_LOCKED =
  "Too many failed sign-in attempts from your network. Wait 15 minutes and try again.";

/**
 * Checks an email and password with throttling per account and per address. Used by the
 * portal sign-in and by the web service, so both lock together.
 */
export async function checkPassword(
  emailInput: string,
  password: string,
  ip: string,
  channel: "portal" | "web-service",
): Promise<CredentialCheck> {
  const email = normalizeEmail(emailInput);
  const ipKey = `login-ip:${ip}`;
  const now = new Date();

  const ipState = await peekRateLimit(ipKey, IP_FAILURE_LIMIT, IP_WINDOW_SECONDS);
  if (!ipState.allowed) {
    await audit({ actorType: "user", actorLabel: email, action: "sign-in.locked", ip, details: { channel, scope: "address" } });
    return locked(IP_LOCKED, ipState.retryAfterSeconds);
  }

  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, passwordHash: true, lockedUntil: true, mfaEnabled: true, sessionVersion: true, passwordChangedAt: true },
  });

  if (!user) {
    // An address without an account locks like one (lib/identity/unknown-account-lockout.ts).
    const lockedUntil = await unknownAccountLockedUntil(email, now);
    if (lockedUntil) {
      await audit({ actorType: "user", actorLabel: email, action: "sign-in.locked", ip, details: { channel, reason: "unknown-email" } });
      return locked(lockMessage(lockedUntil, now), Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000));
    }
    await burnPasswordCheck(password);
    await hitRateLimit(ipKey, IP_FAILURE_LIMIT, IP_WINDOW_SECONDS);
    await audit({ actorType: "user", actorLabel: email, action: "sign-in.failure", ip, details: { channel, reason: "unknown-email" } });
    const lockUntil = await recordUnknownAccountFailure(email, now);
    if (lockUntil) return locked(lockMessage(lockUntil, now), Math.ceil((lockUntil.getTime() - now.getTime()) / 1000));
    return invalid();
  }

  if (user.lockedUntil && user.lockedUntil > now) {
    await audit({ actorType: "user", actorUserId: user.id, actorLabel: email, action: "sign-in.locked", ip, details: { channel } });
    return locked(lockMessage(user.lockedUntil, now), Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000));
  }

  if (!(await verifyPassword(user.passwordHash, password))) {
    return recordFailure(user.id, email, ip, channel, now);
  }

  await prisma.user.update({
    where: { id: user.id },
    data: { failedLogins: 0, lockedUntil: null, ...(channel === "portal" ? { lastSignInAt: now } : {}) },
  });
  return {
    ok: true,
    user: { id: user.id, email: user.email, mfaEnabled: user.mfaEnabled, sessionVersion: user.sessionVersion, passwordChangedAt: user.passwordChangedAt },
  };
}

/** Counts a failed attempt for a known account (wrong password, wrong MFA code). */
export async function recordFailure(
  userId: string,
  email: string,
  ip: string,
  channel: "portal" | "web-service",
  now = new Date(),
): Promise<CredentialRefusal> {
  await hitRateLimit(`login-ip:${ip}`, IP_FAILURE_LIMIT, IP_WINDOW_SECONDS);
  // Increment atomically: parallel guesses must each count.
  const [row] = await prisma.$queryRaw<Array<{ failed_logins: number }>>`
    UPDATE app_user SET failed_logins = failed_logins + 1 WHERE id = ${userId}::uuid RETURNING failed_logins`;
  const failures = row?.failed_logins ?? 1;
  const lockUntil = lockAfterFailures(failures, now);
  if (lockUntil) {
    await prisma.user.update({ where: { id: userId }, data: { lockedUntil: lockUntil } });
  }
  await audit({
    actorType: "user",
    actorUserId: userId,
    actorLabel: email,
    action: "sign-in.failure",
    ip,
    details: { channel, failures, locked: lockUntil !== null },
  });
  if (lockUntil) return locked(lockMessage(lockUntil, now), Math.ceil((lockUntil.getTime() - now.getTime()) / 1000));
  return invalid();
}

/** Whether the account password is older than the configured maximum age (off when 0). */
export function isPasswordExpired(passwordChangedAt: Date, now = new Date()): boolean {
  const expiresAt = passwordExpiresAt(passwordChangedAt);
  return expiresAt !== null && now.getTime() > expiresAt.getTime();
}

/** When the account password expires (PASSWORD_MAX_AGE_DAYS after it was set), or null when passwords do not expire. */
export function passwordExpiresAt(passwordChangedAt: Date): Date | null {
  const days = env().PASSWORD_MAX_AGE_DAYS;
  if (days <= 0) return null;
  return new Date(passwordChangedAt.getTime() + days * 86_400_000);
}
