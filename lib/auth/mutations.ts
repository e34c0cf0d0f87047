import { prisma } from "@/lib/db";
import { audit } from "@/lib/audit";
import { env } from "@/lib/env";
import { burnPasswordCheck, verifyPassword } from "@/lib/crypto";
import {
  ACCOUNT_BUSY_MESSAGE,
  ACCOUNT_CAPPED_MESSAGE,
  IP_FAILURE_LIMIT,
  IP_WINDOW_SECONDS,
  accountPausedMessage,
  addressThrottledMessage,
  lockMessage,
} from "@/lib/auth/rules";
import {
  clearAccountThrottle,
  deviceNonceFor,
  recordFailure,
  recordSuccess,
  release,
  reserveAccountAttempt,
  reserveDeviceAttempt,
  type Reservation,
  type Slot,
} from "@/lib/auth/throttle";
import { refusal, type Refusal, type Result } from "@/lib/errors";
import { hitRateLimit, releaseRateLimit } from "@/lib/rate-limit";

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

export type CredentialRefusal = Refusal & { reason: "invalid" | "locked" | "throttled" };
export type CredentialCheck = Result<{ user: VerifiedUser; deviceNonce: string | null }, CredentialRefusal>;

function invalid(): CredentialRefusal {
  return { ...refusal("UNAUTHENTICATED", INVALID_CREDENTIALS), reason: "invalid" };
}

function locked(message: string, retryAfterSeconds?: number): CredentialRefusal {
  return { ...refusal("LOCKED", message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds }), reason: "locked" };
}

function throttled(message: string, retryAfterSeconds: number): CredentialRefusal {
  return { ...refusal("RATE_LIMITED", message, { retryAfterSeconds }), reason: "throttled" };
}

export const INVALID_CREDENTIALS = "The email address or password is incorrect.";

/** The refusal for a budget that did not give a slot (lib/auth/throttle.ts). */
export function budgetRefusal(reservation: Exclude<Reservation, { allowed: true }>): CredentialRefusal {
  if (reservation.kind === "capped") return locked(ACCOUNT_CAPPED_MESSAGE);
  if (reservation.kind === "busy") return throttled(ACCOUNT_BUSY_MESSAGE, reservation.retryAfterSeconds);
  return locked(accountPausedMessage(reservation.retryAfterSeconds), reservation.retryAfterSeconds);
}

/**
 * Checks an email and password. Used by the portal sign-in and by the web service.
 *
 * Each attempt is counted *before* the password is judged (lib/auth/throttle.ts): against the
 * browser's own budget when it presents a device token from an earlier sign-in to this account,
 * else against the client address and the account's budget for unknown clients. So a burst
 * from anywhere is cut off after a handful of judged guesses, never more than 100 in a row, the
 * owner's browser still signs in, and a correct password never counts as a failure.
 */
export async function checkPassword(
  emailInput: string,
  password: string,
  ip: string,
  channel: "portal" | "web-service",
  deviceToken: string | null = null,
): Promise<CredentialCheck> {
  const email = normalizeEmail(emailInput);
  const ipKey = `login-ip:${ip}`;
  const now = new Date();

  const user = await prisma.user.findUnique({
    where: { email },
    select: { id: true, email: true, passwordHash: true, lockedUntil: true, mfaEnabled: true, sessionVersion: true, passwordChangedAt: true },
  });

  // A known browser spends its own budget; past it, or without one, the client is unknown.
  let slot: Slot | null = null;
  let deviceNonce = user ? deviceNonceFor(deviceToken, user.id) : null;
  if (deviceNonce) {
    const device = await reserveDeviceAttempt(deviceNonce);
    if (device.allowed) slot = device.slot;
    else deviceNonce = null;
  }

  if (!deviceNonce) {
    const address = await hitRateLimit(ipKey, IP_FAILURE_LIMIT, IP_WINDOW_SECONDS);
    if (!address.allowed) {
      await audit({
        actorType: "user",
        actorUserId: user?.id ?? null,
        actorLabel: email,
        action: "sign-in.locked",
        ip,
        details: { channel, scope: "address" },
      });
      return throttled(addressThrottledMessage(address.retryAfterSeconds), address.retryAfterSeconds);
    }
  }

  if (!user) {
    // An address without an account spends a budget of its own exactly as an account does (same
    // pauses, same messages), so failing five times tells no one which addresses have accounts.
    const unknown = await reserveAccountAttempt(`unknown:${email}`);
    if (!unknown.allowed) {
      await audit({
        actorType: "user",
        actorLabel: email,
        action: "sign-in.locked",
        ip,
        details: { channel, reason: "unknown-email", scope: `account-${unknown.kind}` },
      });
      return budgetRefusal(unknown);
    }
    await burnPasswordCheck(password);
    const failure = await recordFailure(unknown.slot);
    await audit({
      actorType: "user",
      actorLabel: email,
      action: "sign-in.failure",
      ip,
      details: { channel, reason: "unknown-email", failures: failure.failures },
    });
    if (failure.capped) return locked(ACCOUNT_CAPPED_MESSAGE);
    if (failure.pausedForSeconds) return locked(accountPausedMessage(failure.pausedForSeconds), failure.pausedForSeconds);
    return invalid();
  }

  // An administrator's lock stops everyone.
  if (user.lockedUntil && user.lockedUntil > now) {
    if (slot) await release(slot);
    await audit({ actorType: "user", actorUserId: user.id, actorLabel: email, action: "sign-in.locked", ip, details: { channel, scope: "administrator" } });
    return locked(lockMessage(user.lockedUntil, now), Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000));
  }

  if (!slot) {
    const account = await reserveAccountAttempt(user.id);
    if (!account.allowed) {
      await audit({
        actorType: "user",
        actorUserId: user.id,
        actorLabel: email,
        action: "sign-in.locked",
        ip,
        details: { channel, scope: `account-${account.kind}` },
      });
      return budgetRefusal(account);
    }
    slot = account.slot;
  }

  let correct: boolean;
  try {
    correct = await verifyPassword(user.passwordHash, password);
  } catch (error) {
    await release(slot);
    throw error;
  }

  if (!correct) {
    const failure = await recordFailure(slot);
    await audit({
      actorType: "user",
      actorUserId: user.id,
      actorLabel: email,
      action: "sign-in.failure",
      ip,
      details: { channel, client: deviceNonce ? "known-device" : "unknown", failures: failure.failures },
    });
    // The failure that starts a pause says so, rather than letting the next attempt find out.
    if (!deviceNonce && failure.capped) return locked(ACCOUNT_CAPPED_MESSAGE);
    if (!deviceNonce && failure.pausedForSeconds) return locked(accountPausedMessage(failure.pausedForSeconds), failure.pausedForSeconds);
    return invalid();
  }

  // A success ends the run (for unknown clients too: the owner is back) and is not held against the address.
  await recordSuccess(slot);
  if (deviceNonce) await clearAccountThrottle(user.id);
  else await releaseRateLimit(ipKey);
  if (channel === "portal") await prisma.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  return {
    ok: true,
    user: { id: user.id, email: user.email, mfaEnabled: user.mfaEnabled, sessionVersion: user.sessionVersion, passwordChangedAt: user.passwordChangedAt },
    deviceNonce,
  };
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
