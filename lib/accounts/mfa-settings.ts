import QRCode from "qrcode";
import { z } from "zod";
import { prisma } from "@/lib/db";
import { audit } from "@/lib/audit";
import { signToken, verifyToken } from "@/lib/crypto";
import { verifyPassword } from "@/lib/auth/password";
import { consumeRecoveryCode, newTotpSecret, replaceRecoveryCodes, sealTotpSecret, totpUri, verifyTotp } from "@/lib/auth/mfa";
import { fieldRefusal, refusal, type Result } from "@/lib/errors";
import { hitRateLimit } from "@/lib/rate-limit";

/**
 * Turning MFA on and off from Account Settings. The new secret travels in a short-lived signed
 * ticket until the user proves their app produces its codes, so a half-finished setup never
 * locks anyone out.
 */
const SETUP_PURPOSE = "mfa-setup";
const SETUP_SECONDS = 10 * 60;

export const ConfirmMfaSchema = z.object({
  ticket: z.string().min(1, "Start the setup again"),
  code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app"),
});

export const DisableMfaSchema = z.object({
  proof: z.string().trim().min(1, "Enter your password, a code from your authenticator app, or a recovery code").max(128),
});

export interface MfaStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
}

export async function mfaStatus(userId: string): Promise<MfaStatus> {
  const [user, left] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { mfaEnabled: true } }),
    prisma.mfaRecoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabled: user?.mfaEnabled ?? false, recoveryCodesLeft: left };
}

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

export type ConfirmMfaResult = Result<{ recoveryCodes: string[] }>;

/** An expired setup is not a field the user can correct: it is the form's message. */
export async function confirmMfaSetup(userId: string, ticket: string, code: string, ip: string): Promise<ConfirmMfaResult> {
  const pending = verifyToken<{ uid: string; s: string; exp: number }>(SETUP_PURPOSE, ticket);
  if (!pending || pending.uid !== userId) return refusal("BAD_REQUEST", "The setup took too long. Start again to get a new QR code.");
  const limit = await hitRateLimit(`mfa-setup:${userId}`, 10, 600);
  if (!limit.allowed) return fieldRefusal("BAD_REQUEST", "code", "Too many wrong codes. Wait a few minutes and start again.");
  if (!verifyTotp(pending.s, code)) return fieldRefusal("BAD_REQUEST", "code", "That code is not valid. Enter the current 6-digit code from your authenticator app.");
  const updated = await prisma.user.updateMany({ where: { id: userId, mfaEnabled: false }, data: { mfaEnabled: true, mfaSecret: pending.s } });
  if (updated.count === 0) return refusal("BAD_REQUEST", "Multifactor authentication is already on for this account.");
  const recoveryCodes = await replaceRecoveryCodes(userId);
  await audit({ actorType: "user", actorUserId: userId, action: "mfa.enabled", ip });
  return { ok: true, recoveryCodes };
}

export type DisableMfaResult = Result;

/** Turns MFA off after the account password, a current code or a recovery code. */
export async function disableMfa(userId: string, proof: string, ip: string): Promise<DisableMfaResult> {
  const limit = await hitRateLimit(`mfa-disable:${userId}`, 10, 900);
  if (!limit.allowed) return { ...fieldRefusal("RATE_LIMITED", "proof", "Too many attempts. Wait 15 minutes and try again."), retryAfterSeconds: limit.retryAfterSeconds };
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true, mfaEnabled: true, mfaSecret: true } });
  if (!user?.mfaEnabled || !user.mfaSecret) return fieldRefusal("BAD_REQUEST", "proof", "Multifactor authentication is already off for this account.");
  const code = proof.replace(/\s+/g, "");
  const proven =
    (/^\d{6}$/.test(code) && verifyTotp(user.mfaSecret, code)) ||
    (await verifyPassword(user.passwordHash, proof)) ||
    (/^[a-z0-9]{5}-?[a-z0-9]{5}$/i.test(code) && (await consumeRecoveryCode(userId, code)));
  if (!proven) return fieldRefusal("BAD_REQUEST", "proof", "That is not your password, a current authenticator code or an unused recovery code.");
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { mfaEnabled: false, mfaSecret: null } });
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    await audit({ actorType: "user", actorUserId: userId, action: "mfa.disabled", ip }, tx);
  });
  return { ok: true };
}
