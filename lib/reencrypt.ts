import { prisma } from "@/lib/db";
import { decryptSecret, encryptSecret, isSealedWithCurrentKey } from "@/lib/crypto";

export interface ReencryptResult {
  /** Values re-sealed under the first key of DATA_ENCRYPTION_KEYS. */
  reencrypted: number;
  /** Values already under it. */
  current: number;
  /** Values no listed key opens (named, so an operator can act before dropping a key). */
  unreadable: string[];
}

/**
 * Re-seals every secret at rest (MFA seeds, webhook signing secrets, access codes) under the current data
 * key, so an old key can then be removed from DATA_ENCRYPTION_KEYS. Each row is updated only
 * if it still holds the value read, so a secret changed meanwhile (a user re-enrolling MFA)
 * is never overwritten. Safe to run again: rows already current are skipped.
 */
export async function reencryptSecrets(): Promise<ReencryptResult> {
  const result: ReencryptResult = { reencrypted: 0, current: 0, unreadable: [] };
  const users = await prisma.user.findMany({ where: { mfaSecret: { not: null } }, select: { id: true, mfaSecret: true } });
  for (const user of users) {
    const sealed = user.mfaSecret!;
    const next = reseal(sealed, `user ${user.id} (MFA)`, result);
    if (next) await prisma.user.updateMany({ where: { id: user.id, mfaSecret: sealed }, data: { mfaSecret: next } });
  }
  const webhooks = await prisma.webhook.findMany({ select: { id: true, secretSealed: true } });
  for (const webhook of webhooks) {
    const next = reseal(webhook.secretSealed, `webhook ${webhook.id}`, result);
    if (next) await prisma.webhook.updateMany({ where: { id: webhook.id, secretSealed: webhook.secretSealed }, data: { secretSealed: next } });
  }
  const codes = await prisma.accessCode.findMany({ where: { codeSealed: { not: null } }, select: { id: true, codeSealed: true } });
  for (const code of codes) {
    const sealed = code.codeSealed!;
    const next = reseal(sealed, `access code ${code.id}`, result);
    if (next) await prisma.accessCode.updateMany({ where: { id: code.id, codeSealed: sealed }, data: { codeSealed: next } });
  }
  return result;
}

function reseal(sealed: string, label: string, result: ReencryptResult): string | null {
  if (isSealedWithCurrentKey(sealed)) {
    result.current++;
    return null;
  }
  try {
    const next = encryptSecret(decryptSecret(sealed));
    result.reencrypted++;
    return next;
  } catch {
    result.unreadable.push(label);
    return null;
  }
}
