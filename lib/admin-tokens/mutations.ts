import { hashSecretToken } from "@/lib/access-codes/rules";
import { actorFields, audit, type AdminActor } from "@/lib/audit";
import { randomToken } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** The actor behind a bearer token of the admin API, or null when it is unknown or revoked. Records its use. */
export async function authenticateAdminToken(token: string, ip: string): Promise<AdminActor | null> {
  const row = await prisma.adminApiToken.findUnique({
    where: { tokenHash: hashSecretToken(token) },
    select: { id: true, name: true, prefix: true, revokedAt: true, createdById: true },
  });
  if (!row || row.revokedAt) return null;
  await prisma.adminApiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { type: "admin-token", userId: row.createdById, label: `token ${row.prefix}… (${row.name})`, tokenId: row.id, ip };
}

export const TOKEN_PREFIX_LENGTH = 8;

export interface CreatedAdminToken {
  id: string;
  name: string;
  /** The token itself: shown once, never stored. */
  token: string;
  prefix: string;
  createdAt: string;
}

export async function createAdminToken(name: string, actor: AdminActor): Promise<CreatedAdminToken> {
  const token = `apadm_${randomToken(32)}`;
  const prefix = token.slice(0, TOKEN_PREFIX_LENGTH + 6);
  return prisma.$transaction(async (tx) => {
    const row = await tx.adminApiToken.create({
      data: { name, tokenHash: hashSecretToken(token), prefix, createdById: actor.userId },
      select: { id: true, name: true, prefix: true, createdAt: true },
    });
    await audit({ ...actorFields(actor), action: "admin.token.created", details: { tokenId: row.id, name, prefix } }, tx);
    return { id: row.id, name: row.name, token, prefix: row.prefix, createdAt: row.createdAt.toISOString() };
  });
}

export async function revokeAdminToken(id: string, actor: AdminActor): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.adminApiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) {
      const exists = await tx.adminApiToken.findUnique({ where: { id }, select: { id: true } });
      if (!exists) throw new AppError("NOT_FOUND", "No such admin API token.");
      throw new AppError("CONFLICT", "This token has already been revoked.");
    }
    await audit({ ...actorFields(actor), action: "admin.token.revoked", details: { tokenId: id } }, tx);
  });
}
