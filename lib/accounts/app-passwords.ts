import { z } from "zod";
import { prisma } from "@/lib/db";
import { audit } from "@/lib/audit";
import { randomToken } from "@/lib/crypto";
import { hashSecretToken } from "@/lib/access-codes/rules";
import { fieldRefusal, refusal, type Result } from "@/lib/errors";

/**
 * App passwords: named, random passwords that work only as `p` in the web service's
 * webServiceAuth — also when MFA is on, and unaffected by the account password's expiry.
 * The secret is shown once; only its hash and first characters are stored.
 */
export const APP_PASSWORD_PREFIX = "apws_";
export const MAX_APP_PASSWORDS = 10;
/** Characters shown to tell passwords apart (the prefix plus a few random ones). */
const SHOWN_CHARS = APP_PASSWORD_PREFIX.length + 6;

export const AppPasswordNameSchema = z.object({
  name: z
    .string({ error: "Name is required" })
    .trim()
    .min(1, "Give the app password a name, such as the script or server that uses it")
    .max(60, "Use at most 60 characters"),
});

export interface AppPasswordSummary {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export type CreateAppPasswordResult = Result<{ password: AppPasswordSummary; secret: string }>;

export async function createAppPassword(userId: string, name: string, ip: string | null): Promise<CreateAppPasswordResult> {
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

/** The user's app passwords that still work, newest first. */
export async function listAppPasswords(userId: string): Promise<AppPasswordSummary[]> {
  return prisma.appPassword.findMany({
    where: { userId, revokedAt: null },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true },
    orderBy: { createdAt: "desc" },
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

