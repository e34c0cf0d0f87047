import { prisma } from "@/lib/db";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import type { FileListResponse } from "@/lib/web-service/schema";

const TYPE_NAMES = { FULL: "full", INCREMENTAL: "new", CUSTOM: "custom" } as const;

/** This user's files at one institution (portal and web service alike), newest first. */
export async function listFiles(userId: string, organizationId: AuthorizedOrganizationId, limit = 200): Promise<FileListResponse["files"]> {
  const files = await prisma.bulkFile.findMany({
    where: { userId, organizationId },
    select: { id: true, fileName: true, type: true, format: true, channel: true, createdAt: true, recordCount: true, loggedAt: true },
    orderBy: { id: "desc" },
    take: limit,
  });
  return files.map((f) => ({
    downloadId: Number(f.id),
    fileName: f.fileName,
    downloadType: TYPE_NAMES[f.type],
    format: f.format,
    channel: f.channel,
    createdAt: f.createdAt.toISOString(),
    recordCount: f.recordCount,
    loggedAt: f.loggedAt ? f.loggedAt.toISOString() : null,
  }));
}

export interface TokenUser {
  id: string;
  email: string;
  sessionVersion: number;
  mfaEnabled: boolean;
  lockedUntil: Date | null;
  appPasswordActive: boolean | null;
}

/** The account behind an authToken, re-read on every call so revocations take effect at once. */
export async function tokenUser(userId: string, appPasswordId: string | null): Promise<TokenUser | null> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, sessionVersion: true, mfaEnabled: true, lockedUntil: true },
  });
  if (!user) return null;
  const appPasswordActive = appPasswordId
    ? (await prisma.appPassword.findFirst({ where: { id: appPasswordId, userId, revokedAt: null }, select: { id: true } })) !== null
    : null;
  return { ...user, appPasswordActive };
}
