/**
 * Email verification: an account proves that its owner controls its address by opening a
 * one-time link (random token, only its SHA-256 stored, valid for VERIFICATION_MINUTES, used
 * once) and entering the account's password. Both are needed: the link proves the mailbox,
 * the password proves this is the registration its owner made (someone else may have started a
 * registration for the same address; see `signUp`).
 */
import { prisma } from "@/lib/db";
import { audit } from "@/lib/audit";
import { logger } from "@/lib/logger";
import { randomToken, sha256Hex, hashPassword, verifyPassword } from "@/lib/crypto";
import { sendEmail } from "@/lib/mail/mutations";
import { portalBaseUrl } from "@/lib/env";
import { hitRateLimit } from "@/lib/rate-limit";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SignUpInput } from "@/lib/accounts/schema";
import { attachInvitations } from "@/lib/identity/invitations";

export const VERIFICATION_MINUTES = 60;
/** Resending: this many links per account per RESEND_WINDOW_SECONDS. */
export const RESEND_LIMIT = 3;
export const RESEND_WINDOW_SECONDS = 15 * 60;

export const LINK_INVALID = "This verification link has expired or has already been used. Sign in and send yourself a new link.";
export const WRONG_PASSWORD = "The password is incorrect. Enter the password you chose when you created this account.";
export const NOT_VERIFIED = "Confirm your email address first: open the link we emailed you (or send a new one from the Check Your Email page).";

export function hashVerificationToken(token: string): string {
  return sha256Hex(`email-verification:${token}`);
}

export function verificationUrl(token: string): string {
  return `${portalBaseUrl()}/verify-email?token=${encodeURIComponent(token)}`;
}

/** Creates a new link for the account; earlier unused links stop working. Returns the token (never stored). */
export async function issueVerificationToken(userId: string, now = new Date(), tx: Prisma.TransactionClient | typeof prisma = prisma): Promise<string> {
  const token = randomToken(32);
  await tx.emailVerification.deleteMany({ where: { userId, usedAt: null } });
  await tx.emailVerification.create({
    data: { userId, tokenHash: hashVerificationToken(token), expiresAt: new Date(now.getTime() + VERIFICATION_MINUTES * 60_000) },
  });
  return token;
}

export function verificationEmail(to: { email: string; firstName: string }, token: string) {
  return {
    to: to.email,
    subject: "Confirm your email address for AP Score Reports",
    text:
      `Hello ${to.firstName},\n\n` +
      `To finish creating your College Board professional account, confirm that ${to.email} is your email address by opening this link within ${VERIFICATION_MINUTES} minutes:\n\n` +
      `${verificationUrl(token)}\n\n` +
      "You will be asked for the password you chose. Until you confirm, the account cannot see or receive access to any score reports.\n\n" +
      "If you did not create an account, ignore this email: nothing happens without your confirmation.\n",
  };
}

function duplicateSignUpEmail(email: string, now: Date) {
  return {
    to: email,
    subject: "Someone tried to create an account with your email address",
    text:
      `Someone (perhaps you) tried to create a new AP Score Reports account with ${email} on ${now.toISOString().slice(0, 10)}.\n\n` +
      "You already have an account with this address, so no new account was created and nothing about your account changed.\n\n" +
      `If it was you, sign in at ${portalBaseUrl()}/signin with your existing password.\n` +
      "If it was not you, you need do nothing.\n",
  };
}

/** Sends without failing the caller: the user can always send a new link from the Check Your Email page. */
async function sendQuietly(email: { to: string; subject: string; text: string }, kind: string): Promise<void> {
  try {
    await sendEmail(email);
  } catch (error) {
    logger.error({ err: error, kind }, "could not send an account email");
  }
}

/**
 * Sign-up. The answer is the same whether or not the address is taken, so the form cannot be
 * used to find out who has an account:
 * - a new address gets an unverified account and a verification link;
 * - an address with an unverified account gets that registration replaced (new password and
 *   details, earlier links and sessions ended) and a new link — the previous registrant never
 *   proved the address, and nothing was granted to the account meanwhile (invitations wait);
 * - an address with a verified account is left alone and its owner is told someone tried.
 */
export async function signUp(input: SignUpInput, ip: string, now = new Date()): Promise<void> {
  // Hash in every case, so every case takes about as long.
  const passwordHash = await hashPassword(input.password);
  const profile = {
    passwordHash,
    firstName: input.firstName,
    lastName: input.lastName,
    orgZip: input.orgZip ?? null,
    organizationName: input.organizationName,
    jobFunction: input.jobFunction,
  };
  let outcome: { kind: "link"; token: string } | { kind: "duplicate" };
  try {
    outcome = await prisma.$transaction(async (tx) => {
      const existing = await tx.user.findUnique({ where: { email: input.email }, select: { id: true, emailVerifiedAt: true } });
      if (existing?.emailVerifiedAt) {
        await audit({ actorType: "user", actorLabel: input.email, action: "account.sign-up-duplicate", targetUserId: existing.id, ip }, tx);
        return { kind: "duplicate" as const };
      }
      let userId: string;
      if (existing) {
        await tx.user.update({
          where: { id: existing.id },
          data: { ...profile, passwordChangedAt: now, sessionVersion: { increment: 1 }, failedLogins: 0, lockedUntil: null },
        });
        await tx.termsAcceptance.deleteMany({ where: { userId: existing.id } });
        userId = existing.id;
        await audit(
          { actorType: "user", actorUserId: userId, actorLabel: input.email, action: "account.created", ip, details: { replacedUnverified: true } },
          tx,
        );
      } else {
        userId = (await tx.user.create({ data: { email: input.email, ...profile }, select: { id: true } })).id;
        await audit({ actorType: "user", actorUserId: userId, actorLabel: input.email, action: "account.created", ip }, tx);
      }
      return { kind: "link" as const, token: await issueVerificationToken(userId, now, tx) };
    });
  } catch (error) {
    // Two sign-ups for one new address at once: the other one created it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") outcome = { kind: "duplicate" };
    else throw error;
  }
  if (outcome.kind === "duplicate") await sendQuietly(duplicateSignUpEmail(input.email, now), "sign-up-duplicate");
  else await sendQuietly(verificationEmail({ email: input.email, firstName: input.firstName }, outcome.token), "verification");
}

export type ResendResult = { ok: true; email: string } | { ok: false; code: "CONFLICT" | "RATE_LIMITED"; message: string; retryAfterSeconds?: number };

/** The Check Your Email page's button: a new link, at most RESEND_LIMIT per RESEND_WINDOW_SECONDS. */
export async function resendVerification(userId: string, ip: string, now = new Date()): Promise<ResendResult> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, firstName: true, emailVerifiedAt: true } });
  if (user.emailVerifiedAt) return { ok: false, code: "CONFLICT", message: "Your email address is already confirmed." };
  const limit = await hitRateLimit(`verify-resend:${userId}`, RESEND_LIMIT, RESEND_WINDOW_SECONDS);
  if (!limit.allowed) {
    return {
      ok: false,
      code: "RATE_LIMITED",
      message: `We have already sent ${RESEND_LIMIT} links recently. Wait a few minutes, then try again.`,
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  }
  const token = await issueVerificationToken(userId, now);
  await sendEmail(verificationEmail(user, token));
  await audit({ actorType: "user", actorUserId: userId, action: "email.verification-sent", ip });
  return { ok: true, email: user.email };
}

export type VerifyResult =
  | { ok: true; user: { id: string; email: string; sessionVersion: number }; invitations: number }
  | { ok: false; code: "BAD_REQUEST" | "UNAUTHENTICATED" | "RATE_LIMITED"; field?: "password"; message: string; retryAfterSeconds?: number };

/** Redeems a link: marks the address verified and attaches the invitations waiting for it. */
export async function verifyEmail(token: string, password: string, ip: string, now = new Date()): Promise<VerifyResult> {
  const limit = await hitRateLimit(`verify-ip:${ip}`, 20, 15 * 60);
  if (!limit.allowed)
    return {
      ok: false,
      code: "RATE_LIMITED",
      message: "Too many attempts from your network. Wait 15 minutes and try again.",
      retryAfterSeconds: limit.retryAfterSeconds,
    };
  const row = await prisma.emailVerification.findUnique({
    where: { tokenHash: hashVerificationToken(token) },
    select: { id: true, usedAt: true, expiresAt: true, user: { select: { id: true, email: true, passwordHash: true, emailVerifiedAt: true } } },
  });
  if (!row || row.usedAt || row.expiresAt <= now || row.user.emailVerifiedAt) return { ok: false, code: "BAD_REQUEST", message: LINK_INVALID };
  if (!(await verifyPassword(row.user.passwordHash, password))) return { ok: false, code: "UNAUTHENTICATED", field: "password", message: WRONG_PASSWORD };
  const user = row.user;
  return prisma.$transaction(async (tx): Promise<VerifyResult> => {
    // Single use even when two clicks race: only one update finds the row unused.
    const claimed = await tx.emailVerification.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count !== 1) return { ok: false, code: "BAD_REQUEST", message: LINK_INVALID };
    const updated = await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now }, select: { sessionVersion: true } });
    await tx.emailVerification.deleteMany({ where: { userId: user.id, usedAt: null } });
    const invitations = await attachInvitations(tx, user.id, user.email, now);
    await audit({ actorType: "user", actorUserId: user.id, action: "email.verified", ip, details: { invitations } }, tx);
    return { ok: true, user: { id: user.id, email: user.email, sessionVersion: updated.sessionVersion }, invitations };
  });
}
