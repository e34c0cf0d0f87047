import "server-only";
import { audit } from "@/lib/audit";
import { INVALID_CREDENTIALS, checkPassword, recordFailure } from "@/lib/auth/mutations";
import { lockMessage } from "@/lib/auth/rules";
import { verifyTotp } from "@/lib/crypto";
import { consumeRecoveryCode } from "@/lib/accounts/mutations";
import { auth, issueLoginTicket, signIn, signOut } from "@/lib/auth/nextauth";
import { signToken, verifyToken } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { refusal, type Result } from "@/lib/errors";
import type { RateLimitRule } from "@/lib/rate-limit";
import { changePassword } from "@/lib/accounts/mutations";

/** Turns a verified user into a session cookie (Auth.js), recording the sign-in. */
export async function startSession(user: { id: string; email: string; sessionVersion: number }, ip: string, method: string): Promise<void> {
  await signIn("credentials", { ticket: issueLoginTicket(user.id, user.sessionVersion), redirect: false });
  await audit({ actorType: "user", actorUserId: user.id, actorLabel: user.email, action: "sign-in.success", ip, details: { channel: "portal", method } });
}

/** Ends the current browser session (if any), recording who signed out. */
export async function endCurrentSession(ip: string): Promise<void> {
  const session = await auth();
  const userId = session?.user?.id ?? null;
  await signOut({ redirect: false });
  if (userId) await audit({ actorType: "user", actorUserId: userId, action: "sign-out", ip });
}

const MFA_TICKET = "mfa-pending";
/** How long the password step stays good for the MFA step. */
const MFA_TICKET_SECONDS = 300;

export type SignInStep = Result<{ next: "mfa"; ticket: string } | { next: "done" }>;

/**
 * Step 1 of signing in: email and password (throttled per account and address). Without MFA
 * the session starts now; with MFA on, the answer is a short-lived ticket for step 2.
 */
export async function signInWithPassword(email: string, password: string, ip: string): Promise<SignInStep> {
  const checked = await checkPassword(email, password, ip, "portal");
  if (!checked.ok) return checked;
  if (checked.user.mfaEnabled) {
    return { ok: true, next: "mfa", ticket: signToken(MFA_TICKET, { uid: checked.user.id, exp: Math.floor(Date.now() / 1000) + MFA_TICKET_SECONDS }) };
  }
  await startSession(checked.user, ip, "password");
  return { ok: true, next: "done" };
}

/**
 * Step 2 when MFA is on: a code from the authenticator app or a recovery code. A wrong code
 * counts as a failed sign-in, like a wrong password, so it locks the account the same way.
 */
export async function signInWithMfaCode(ticket: string, codeInput: string, ip: string): Promise<Result<{ next: "done" }>> {
  const pending = verifyToken<{ uid: string; exp: number }>(MFA_TICKET, ticket);
  if (!pending) return refusal("UNAUTHENTICATED", "Your sign-in took too long. Enter your email and password again.");
  const user = await prisma.user.findUnique({
    where: { id: pending.uid },
    select: { id: true, email: true, mfaSecret: true, sessionVersion: true, lockedUntil: true },
  });
  if (!user?.mfaSecret) return refusal("UNAUTHENTICATED", INVALID_CREDENTIALS);
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) return refusal("LOCKED", lockMessage(user.lockedUntil, now));

  const code = codeInput.trim();
  const totp = /^\d{6}$/.test(code);
  const ok = totp ? verifyTotp(user.mfaSecret, code) : await consumeRecoveryCode(user.id, code);
  if (!ok) {
    const failure = await recordFailure(user.id, user.email, ip, "portal", now);
    if (failure.reason === "locked") return refusal("LOCKED", failure.message);
    return refusal("UNAUTHENTICATED", "That code is not valid. Enter the current code from your authenticator app, or a recovery code.", { field: "code" });
  }
  await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lastSignInAt: now } });
  await startSession(user, ip, totp ? "totp" : "recovery-code");
  return { ok: true, next: "done" };
}

/** Accounts one network address may create per hour. */
export const SIGN_UP_RATE_LIMIT: RateLimitRule = { name: "sign-up-ip", limit: 20, windowSeconds: 3600, message: "Too many accounts created from your network. Try again later." };

/** Changes the password (ending every other session) and gives this browser a fresh cookie. */
export async function changePasswordKeepingSession(user: { id: string; email: string }, currentPassword: string, newPassword: string, ip: string): Promise<Result> {
  const changed = await changePassword(user.id, currentPassword, newPassword, ip);
  if (!changed.ok) return changed;
  await startSession({ id: user.id, email: user.email, sessionVersion: changed.sessionVersion }, ip, "password-change");
  return { ok: true };
}
