import "server-only";
import { cookies } from "next/headers";
import { audit } from "@/lib/audit";
import { budgetRefusal, checkPassword } from "@/lib/auth/mutations";
import { ACCOUNT_CAPPED_MESSAGE, accountPausedMessage, lockMessage } from "@/lib/auth/rules";
import { revokeSession } from "@/lib/auth/sessions";
import {
  DEVICE_COOKIE,
  DEVICE_COOKIE_MAX_AGE_SECONDS,
  claimTotpStep,
  deviceNonceFor,
  issueDeviceToken,
  issueMfaTicket,
  recordFailure,
  recordSuccess,
  release,
  reserveMfaAttempt,
  retireMfaTicket,
  spendMfaTicket,
} from "@/lib/auth/throttle";
import { matchedTotpStep } from "@/lib/crypto";
import { consumeRecoveryCode, changePassword, type ChangePasswordResult } from "@/lib/accounts/mutations";
import { auth, issueLoginTicket, signIn, signOut } from "@/lib/auth/nextauth";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { refusal, type Result } from "@/lib/errors";
import type { RateLimitRule } from "@/lib/rate-limit";

/** Turns a verified user into a session cookie (Auth.js), recording the sign-in. */
export async function startSession(user: { id: string; email: string; sessionVersion: number }, ip: string, method: string): Promise<void> {
  await signIn("credentials", { ticket: issueLoginTicket(user.id, user.sessionVersion), redirect: false });
  await rememberDevice(user.id);
  await audit({ actorType: "user", actorUserId: user.id, actorLabel: user.email, action: "sign-in.success", ip, details: { channel: "portal", method } });
}

/** Ends the current browser session (if any) on the server too, recording who signed out. */
export async function endCurrentSession(ip: string): Promise<void> {
  const session = await auth();
  const userId = session?.user?.id ?? null;
  if (session?.sid) await revokeSession(session.sid);
  await signOut({ redirect: false });
  if (userId) await audit({ actorType: "user", actorUserId: userId, action: "sign-out", ip });
}

/**
 * Marks this browser as one the account has signed in from (OWASP device cookie), so its later
 * attempts have their own budget that strangers' failures cannot use up.
 */
async function rememberDevice(userId: string): Promise<void> {
  const jar = await cookies();
  if (deviceNonceFor(jar.get(DEVICE_COOKIE)?.value, userId)) return;
  jar.set(DEVICE_COOKIE, issueDeviceToken(userId), {
    httpOnly: true,
    sameSite: "lax",
    path: "/api/account",
    maxAge: DEVICE_COOKIE_MAX_AGE_SECONDS,
    secure: env().PUBLIC_BASE_URL?.startsWith("https:") ?? false,
  });
}

export type SignInStep = Result<{ next: "mfa"; ticket: string } | { next: "done" }>;

/**
 * Step 1 of signing in: email and password (budgets per address, account and known browser:
 * lib/auth/throttle.ts). Without MFA the session starts now; with MFA on, the answer is a
 * short-lived ticket for step 2.
 */
export async function signInWithPassword(email: string, password: string, ip: string): Promise<SignInStep> {
  const device = (await cookies()).get(DEVICE_COOKIE)?.value ?? null;
  const checked = await checkPassword(email, password, ip, "portal", device);
  if (!checked.ok) return checked;
  if (checked.user.mfaEnabled) return { ok: true, next: "mfa", ticket: issueMfaTicket(checked.user.id, checked.user.sessionVersion) };
  await startSession(checked.user, ip, "password");
  return { ok: true, next: "done" };
}

const START_AGAIN = "Your sign-in has expired or had too many wrong codes. Enter your email and password again.";

/**
 * Step 2 when MFA is on: a code from the authenticator app or a recovery code. Budgets
 * (lib/auth/throttle.ts): a few tries per ticket, and consecutive wrong codes per account
 * counted before the code is judged — a correct password does not reset them. Each TOTP time
 * step is accepted once.
 */
export async function signInWithMfaCode(ticket: string, codeInput: string, ip: string): Promise<Result<{ next: "done" }>> {
  const pending = await spendMfaTicket(ticket);
  if (!pending.ok) return refusal("UNAUTHENTICATED", START_AGAIN);
  const user = await prisma.user.findUnique({
    where: { id: pending.userId },
    select: { id: true, email: true, mfaSecret: true, sessionVersion: true, lockedUntil: true },
  });
  if (!user?.mfaSecret || user.sessionVersion !== pending.sessionVersion) return refusal("UNAUTHENTICATED", START_AGAIN);
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) return refusal("LOCKED", lockMessage(user.lockedUntil, now));

  const budget = await reserveMfaAttempt(user.id);
  if (!budget.allowed) {
    await audit({
      actorType: "user",
      actorUserId: user.id,
      actorLabel: user.email,
      action: "sign-in.locked",
      ip,
      details: { channel: "portal", scope: `mfa-${budget.kind}` },
    });
    return budgetRefusal(budget);
  }

  const code = codeInput.trim();
  const totp = /^\d{6}$/.test(code);
  let ok: boolean;
  try {
    const step = totp ? matchedTotpStep(user.mfaSecret, code) : null;
    ok = totp ? step !== null && (await claimTotpStep(user.id, step)) : await consumeRecoveryCode(user.id, code);
  } catch (error) {
    await release(budget.slot);
    throw error;
  }
  if (!ok) {
    const failure = await recordFailure(budget.slot);
    await audit({
      actorType: "user",
      actorUserId: user.id,
      actorLabel: user.email,
      action: "sign-in.failure",
      ip,
      details: { channel: "portal", factor: "mfa", failures: failure.failures },
    });
    if (failure.capped) return refusal("LOCKED", ACCOUNT_CAPPED_MESSAGE);
    if (failure.pausedForSeconds) return refusal("LOCKED", accountPausedMessage(failure.pausedForSeconds), { retryAfterSeconds: failure.pausedForSeconds });
    return refusal("UNAUTHENTICATED", "That code is not valid. Enter the current code from your authenticator app, or a recovery code.", { field: "code" });
  }
  await recordSuccess(budget.slot);
  await retireMfaTicket(pending.ticketId);
  await prisma.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
  await startSession(user, ip, totp ? "totp" : "recovery-code");
  return { ok: true, next: "done" };
}

/** Accounts one network address may create per hour. */
export const SIGN_UP_RATE_LIMIT: RateLimitRule = {
  name: "sign-up-ip",
  limit: 20,
  windowSeconds: 3600,
  message: "Too many accounts created from your network. Try again later.",
};

/**
 * After a change that ended every session of the user (a new session version: password, MFA
 * on or off), this browser continues with a fresh cookie.
 */
export async function keepThisSession<T extends { sessionVersion: number }>(
  user: { id: string; email: string },
  changed: Result<T>,
  ip: string,
  method: string,
): Promise<Result<T>> {
  if (changed.ok) await startSession({ id: user.id, email: user.email, sessionVersion: changed.sessionVersion }, ip, method);
  return changed;
}

/** Changes the password (ending every other session, revoking app passwords unless kept) and gives this browser a fresh cookie. */
export async function changePasswordKeepingSession(
  user: { id: string; email: string },
  input: { currentPassword: string; newPassword: string; keepAppPasswords: boolean },
  ip: string,
): Promise<ChangePasswordResult> {
  const changed = await changePassword(user.id, input.currentPassword, input.newPassword, ip, { keepAppPasswords: input.keepAppPasswords });
  return keepThisSession(user, changed, ip, "password-change");
}
