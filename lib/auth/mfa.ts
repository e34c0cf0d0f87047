import { generateSecret, generateSync, generateURI, verifySync } from "otplib";
import { prisma } from "@/lib/db";
import { decryptSecret, encryptSecret, randomToken, sha256Hex } from "@/lib/crypto";

export const MFA_ISSUER = "AP Higher Ed Score Reports";

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: MFA_ISSUER, label: email, secret });
}

/** For tests and fixtures: the current code of a secret. */
export function currentTotp(secret: string): string {
  return generateSync({ secret });
}

export function sealTotpSecret(secret: string): string {
  return encryptSecret(secret);
}

/** A 6-digit code from the authenticator app, allowing one 30-second step of clock drift. */
export function verifyTotp(sealedSecret: string, code: string): boolean {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return false;
  try {
    return verifySync({ secret: decryptSecret(sealedSecret), token, epochTolerance: 30 }).valid;
  } catch {
    return false;
  }
}

function normalizeRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, "").toLowerCase();
}

/** Ten single-use recovery codes; returns the plain codes to show once. */
export async function replaceRecoveryCodes(userId: string): Promise<string[]> {
  const codes = Array.from({ length: 10 }, () => {
    const raw = randomToken(8).replace(/[^a-zA-Z0-9]/g, "").slice(0, 10).toLowerCase().padEnd(10, "x");
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
