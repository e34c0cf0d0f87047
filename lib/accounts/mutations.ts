import QRCode from "qrcode";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { actorFields, audit, type AdminActor } from "@/lib/audit";
import { hashSecretToken } from "@/lib/access-codes/rules";
import {
  hashPassword,
  matchedTotpStep,
  newTotpSecret,
  randomToken,
  sealTotpSecret,
  sha256Hex,
  signToken,
  totpUri,
  verifyPassword,
  verifyToken,
  verifyTotp,
} from "@/lib/crypto";
import { AppError, fieldRefusal, refusal, type Result } from "@/lib/errors";
import { clearRateLimit, hitRateLimit } from "@/lib/rate-limit";
import { HARD_LOCK_UNTIL } from "@/lib/auth/rules";
import { claimTotpStep, clearAccountThrottle } from "@/lib/auth/throttle";
import { APP_PASSWORD_PREFIX, MAX_APP_PASSWORDS } from "@/lib/accounts/constants";
import type { AppPasswordSummary } from "@/lib/accounts/queries";

export type ChangePasswordResult = Result<{ sessionVersion: number; revokedAppPasswords: number }>;

/** Tries of the current password when changing it or creating an app password, per account per window. */
export const PASSWORD_CHECK_LIMIT = 10;
const PASSWORD_CHECK_WINDOW_SECONDS = 15 * 60;

/**
 * The current password, asked again before a sensitive change. A password check like sign-in:
 * limited per account (someone at an unlocked screen must not be able to guess it).
 */
async function confirmCurrentPassword(userId: string, password: string): Promise<Result<object>> {
  const tries = await hitRateLimit(`password-check:${userId}`, PASSWORD_CHECK_LIMIT, PASSWORD_CHECK_WINDOW_SECONDS);
  if (!tries.allowed) {
    return {
      ...fieldRefusal("RATE_LIMITED", "currentPassword", "Too many wrong passwords. Wait 15 minutes and try again."),
      retryAfterSeconds: tries.retryAfterSeconds,
    };
  }
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    return fieldRefusal("BAD_REQUEST", "currentPassword", "Your current password is incorrect.");
  }
  return { ok: true };
}

/**
 * Changes the password and ends every other session of the user. App passwords are revoked too
 * (whoever learned the old password may have made one) unless the user chose to keep them; and
 * sign-in from new browsers, paused by failed attempts, opens again.
 */
export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  ip: string,
  options: { keepAppPasswords?: boolean } = {},
): Promise<ChangePasswordResult> {
  const confirmed = await confirmCurrentPassword(userId, currentPassword);
  if (!confirmed.ok) return confirmed;
  const passwordHash = await hashPassword(newPassword);
  const updated = await prisma.$transaction(async (tx) => {
    const now = new Date();
    const row = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, passwordChangedAt: now, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    const revoked = options.keepAppPasswords ? { count: 0 } : await tx.appPassword.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
    await audit(
      {
        actorType: "user",
        actorUserId: userId,
        action: "password.changed",
        ip,
        details: { appPasswordsRevoked: revoked.count, appPasswordsKept: Boolean(options.keepAppPasswords) },
      },
      tx,
    );
    return { sessionVersion: row.sessionVersion, revokedAppPasswords: revoked.count };
  });
  await clearRateLimit(`password-check:${userId}`);
  await clearAccountThrottle(userId);
  return { ok: true, ...updated };
}

/** Records acceptance of the current terms (idempotent: accepting twice keeps the first time). */
export async function acceptTerms(userId: string, version: string, ip: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const existing = await tx.termsAcceptance.findUnique({ where: { userId_version: { userId, version } }, select: { id: true } });
    if (existing) return;
    await tx.termsAcceptance.create({ data: { userId, version, ip } });
    await audit({ actorType: "user", actorUserId: userId, action: "terms.accepted", ip, details: { version } }, tx);
  });
}

// ───────────────────────────── app passwords ─────────────────────────────

/** Characters shown to tell passwords apart (the prefix plus a few random ones). */
const SHOWN_CHARS = APP_PASSWORD_PREFIX.length + 6;

export type CreateAppPasswordResult = Result<{ password: AppPasswordSummary; secret: string }>;

/** What proves the owner is at the keyboard: the current password, and a second-factor code when MFA is on. */
export interface OwnerProof {
  currentPassword: string;
  code?: string | undefined;
}

/**
 * An app password is a credential that outlives sessions and works with MFA on, so making one
 * asks for the account password again and, with MFA on, a current authenticator code (each time
 * step accepted once) or an unused recovery code — both limited per account.
 */
async function confirmOwner(userId: string, proof: OwnerProof): Promise<Result<object>> {
  const password = await confirmCurrentPassword(userId, proof.currentPassword);
  if (!password.ok) return password;
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { mfaEnabled: true, mfaSecret: true } });
  if (!user?.mfaEnabled || !user.mfaSecret) return { ok: true };
  const code = (proof.code ?? "").replace(/\s+/g, "");
  if (!code) return fieldRefusal("BAD_REQUEST", "code", "Enter the current code from your authenticator app, or a recovery code.");
  const tries = await hitRateLimit(`mfa-check:${userId}`, PASSWORD_CHECK_LIMIT, PASSWORD_CHECK_WINDOW_SECONDS);
  if (!tries.allowed)
    return { ...fieldRefusal("RATE_LIMITED", "code", "Too many wrong codes. Wait 15 minutes and try again."), retryAfterSeconds: tries.retryAfterSeconds };
  const step = /^\d{6}$/.test(code) ? matchedTotpStep(user.mfaSecret, code) : null;
  const proven = step !== null ? await claimTotpStep(userId, step) : await consumeRecoveryCode(userId, code);
  if (!proven) return fieldRefusal("BAD_REQUEST", "code", "That code is not valid. Enter the current code from your authenticator app, or a recovery code.");
  return { ok: true };
}

export async function createAppPassword(userId: string, name: string, ip: string | null, proof: OwnerProof): Promise<CreateAppPasswordResult> {
  const confirmed = await confirmOwner(userId, proof);
  if (!confirmed.ok) return confirmed;
  const secret = `${APP_PASSWORD_PREFIX}${randomToken(24)}`;
  return prisma.$transaction(async (tx): Promise<CreateAppPasswordResult> => {
    // Counted inside the transaction, under a row lock on the user, so parallel requests cannot exceed the cap.
    await tx.$queryRaw`SELECT id FROM app_user WHERE id = ${userId}::uuid FOR UPDATE`;
    const active = await tx.appPassword.findMany({ where: { userId, revokedAt: null }, select: { name: true } });
    if (active.length >= MAX_APP_PASSWORDS) {
      return fieldRefusal("CONFLICT", "name", `You already have ${MAX_APP_PASSWORDS} app passwords. Revoke one you no longer use first.`);
    }
    if (active.some((p) => p.name.toLowerCase() === name.toLowerCase())) {
      return fieldRefusal("CONFLICT", "name", "You already have an app password with this name. Choose another name.");
    }
    const created = await tx.appPassword.create({
      data: { userId, name, secretHash: hashSecretToken(secret), prefix: secret.slice(0, SHOWN_CHARS) },
      select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    });
    await audit({ actorType: "user", actorUserId: userId, action: "app-password.created", ip, details: { appPasswordId: created.id, name } }, tx);
    return { ok: true, password: created, secret };
  });
}

/** What revoking answers when revokeAppPassword found nothing to revoke (others' ids look the same). */
export const APP_PASSWORD_NOT_FOUND = refusal("NOT_FOUND", "That app password does not exist or is already revoked.");

/** Revokes one of the user's own app passwords; tokens obtained with it stop working at once. */
export async function revokeAppPassword(userId: string, id: string, ip: string | null): Promise<boolean> {
  if (!z.uuid().safeParse(id).success) return false;
  return prisma.$transaction(async (tx) => {
    const revoked = await tx.appPassword.updateMany({ where: { id, userId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count === 0) return false;
    await audit({ actorType: "user", actorUserId: userId, action: "app-password.revoked", ip, details: { appPasswordId: id } }, tx);
    return true;
  });
}

export interface AppPasswordUser {
  appPasswordId: string;
  user: { id: string; email: string; sessionVersion: number; lockedUntil: Date | null };
}

/**
 * The account an app password belongs to, when `secret` is a live app password of the account
 * with this email. Records its use.
 */
export async function verifyAppPassword(email: string, secret: string): Promise<AppPasswordUser | null> {
  if (!secret.startsWith(APP_PASSWORD_PREFIX)) return null;
  const found = await prisma.appPassword.findUnique({
    where: { secretHash: hashSecretToken(secret) },
    select: { id: true, revokedAt: true, user: { select: { id: true, email: true, sessionVersion: true, lockedUntil: true } } },
  });
  if (!found || found.revokedAt || found.user.email !== email) return null;
  await prisma.appPassword.update({ where: { id: found.id }, data: { lastUsedAt: new Date() } });
  return { appPasswordId: found.id, user: found.user };
}

// ───────────────────────────── multifactor authentication ─────────────────────────────

/**
 * Turning MFA on and off from Account Settings. The new secret travels in a short-lived signed
 * ticket until the user proves their app produces its codes, so a half-finished setup never
 * locks anyone out.
 */
const SETUP_PURPOSE = "mfa-setup";
const SETUP_SECONDS = 10 * 60;

export interface MfaSetup {
  secret: string;
  uri: string;
  qrDataUrl: string;
  ticket: string;
}

/** Starts turning MFA on: a new secret as QR code and text, and a ticket to confirm it with. */
export async function startMfaSetup(user: { id: string; email: string; mfaEnabled: boolean }): Promise<Result<MfaSetup>> {
  if (user.mfaEnabled) return refusal("CONFLICT", "Multifactor authentication is already on for this account.");
  const secret = newTotpSecret();
  const uri = totpUri(user.email, secret);
  const ticket = signToken(SETUP_PURPOSE, { uid: user.id, s: sealTotpSecret(secret), exp: Math.floor(Date.now() / 1000) + SETUP_SECONDS });
  const qrDataUrl = await QRCode.toDataURL(uri, { margin: 1, width: 220 });
  return { ok: true, secret, uri, qrDataUrl, ticket };
}

/** Turning MFA on or off ends every session of the user (a new session version, answered). */
export type ConfirmMfaResult = Result<{ recoveryCodes: string[]; sessionVersion: number }>;

/** An expired setup is not a field the user can correct: it is the form's message. */
export async function confirmMfaSetup(userId: string, ticket: string, code: string, ip: string): Promise<ConfirmMfaResult> {
  const pending = verifyToken<{ uid: string; s: string; exp: number }>(SETUP_PURPOSE, ticket);
  if (!pending || pending.uid !== userId) return refusal("BAD_REQUEST", "The setup took too long. Start again to get a new QR code.");
  const limit = await hitRateLimit(`mfa-setup:${userId}`, 10, 600);
  if (!limit.allowed) return fieldRefusal("BAD_REQUEST", "code", "Too many wrong codes. Wait a few minutes and start again.");
  if (!verifyTotp(pending.s, code))
    return fieldRefusal("BAD_REQUEST", "code", "That code is not valid. Enter the current 6-digit code from your authenticator app.");
  const updated = await prisma.user.updateMany({
    where: { id: userId, mfaEnabled: false },
    data: { mfaEnabled: true, mfaSecret: pending.s, sessionVersion: { increment: 1 } },
  });
  if (updated.count === 0) return refusal("BAD_REQUEST", "Multifactor authentication is already on for this account.");
  const recoveryCodes = await replaceRecoveryCodes(userId);
  await audit({ actorType: "user", actorUserId: userId, action: "mfa.enabled", ip });
  const { sessionVersion } = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { sessionVersion: true } });
  return { ok: true, recoveryCodes, sessionVersion };
}

export type DisableMfaResult = Result<{ sessionVersion: number }>;

/** Turns MFA off after the account password, a current code or a recovery code. */
export async function disableMfa(userId: string, proof: string, ip: string): Promise<DisableMfaResult> {
  const limit = await hitRateLimit(`mfa-disable:${userId}`, 10, 900);
  if (!limit.allowed)
    return { ...fieldRefusal("RATE_LIMITED", "proof", "Too many attempts. Wait 15 minutes and try again."), retryAfterSeconds: limit.retryAfterSeconds };
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true, mfaEnabled: true, mfaSecret: true } });
  if (!user?.mfaEnabled || !user.mfaSecret) return fieldRefusal("BAD_REQUEST", "proof", "Multifactor authentication is already off for this account.");
  const code = proof.replace(/\s+/g, "");
  const proven =
    (/^\d{6}$/.test(code) && verifyTotp(user.mfaSecret, code)) ||
    (await verifyPassword(user.passwordHash, proof)) ||
    (/^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(code) && (await consumeRecoveryCode(userId, code)));
  if (!proven) return fieldRefusal("BAD_REQUEST", "proof", "That is not your password, a current authenticator code or an unused recovery code.");
  const { sessionVersion } = await prisma.$transaction(async (tx) => {
    const row = await tx.user.update({
      where: { id: userId },
      data: { mfaEnabled: false, mfaSecret: null, sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    await audit({ actorType: "user", actorUserId: userId, action: "mfa.disabled", ip }, tx);
    return row;
  });
  return { ok: true, sessionVersion };
}

// ───────────────────────────── recovery codes ─────────────────────────────

function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, "").toLowerCase();
}

/** Ten single-use recovery codes; returns the plain codes to show once. */
export async function replaceRecoveryCodes(userId: string): Promise<string[]> {
  const codes = Array.from({ length: 10 }, () => {
    const raw = randomToken(8)
      .replace(/[^a-zA-Z0-9]/g, "")
      .slice(0, 10)
      .toLowerCase()
      .padEnd(10, "x");
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  await prisma.$transaction([
    prisma.mfaRecoveryCode.deleteMany({ where: { userId } }),
    prisma.mfaRecoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: sha256Hex(normalizeRecoveryCode(c)) })) }),
  ]);
  return codes;
}

/** Uses up a recovery code if it is one of the user's unused ones. */
export async function consumeRecoveryCode(userId: string, code: string): Promise<boolean> {
  const used = await prisma.mfaRecoveryCode.updateMany({
    where: { userId, codeHash: sha256Hex(normalizeRecoveryCode(code)), usedAt: null },
    data: { usedAt: new Date() },
  });
  return used.count === 1;
}

// ───────────────────────────── program administrators ─────────────────────────────

/** Takes a user's access to one institution away (they can enroll again with a valid code). */
export async function removeEnrollment(userId: string, membershipId: string, actor: AdminActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({
      where: { id: membershipId, userId },
      select: { id: true, role: true, organizationId: true, organization: { select: { code: true } } },
    });
    if (!membership) throw new AppError("NOT_FOUND", "This user has no such enrollment.");
    await tx.membership.delete({ where: { id: membership.id } });
    // The user's open sessions may be showing this institution: clear the selection.
    await tx.user.updateMany({ where: { id: userId, selectedOrganizationId: membership.organizationId }, data: { selectedOrganizationId: null } });
    await audit(
      {
        ...actorFields(actor),
        action: "enrollment.removed",
        organizationId: membership.organizationId,
        targetUserId: userId,
        details: { role: membership.role, code: membership.organization.code },
      },
      tx,
    );
  });
}

/** Lifts an administrator's lock and any sign-in pause or cap from failed attempts (lib/auth/throttle.ts). */
export async function unlockUser(userId: string, actor: AdminActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true, lockedUntil: true, failedLogins: true } });
    if (!user) throw new AppError("NOT_FOUND", "No such user.");
    await tx.user.update({ where: { id: userId }, data: { lockedUntil: null, failedLogins: 0 } });
    await audit(
      {
        ...actorFields(actor),
        action: "admin.user.unlocked",
        targetUserId: userId,
        details: { email: user.email, wasLockedUntil: user.lockedUntil?.toISOString() ?? null, failedLogins: user.failedLogins },
      },
      tx,
    );
  });
  await clearAccountThrottle(userId);
}

/**
 * An administrator's explicit lock, the only permanent one: no sign-in (portal or web service,
 * password or app password) until an administrator unlocks, and every session and web-service
 * token ends now (the session version moves on).
 */
export async function lockUser(userId: string, actor: AdminActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
    if (!user) throw new AppError("NOT_FOUND", "No such user.");
    await tx.user.update({ where: { id: userId }, data: { lockedUntil: HARD_LOCK_UNTIL, sessionVersion: { increment: 1 } } });
    await audit({ ...actorFields(actor), action: "admin.user.locked", targetUserId: userId, details: { email: user.email } }, tx);
  });
}
