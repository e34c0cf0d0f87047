import { pool, prepared, prisma } from "@/lib/db";
import {
  collegeMembershipsSql,
  institutionsAllowing,
  type AuthorizedInstitution,
  type AuthorizedOrganizationId,
  type CollegeMembership,
} from "@/lib/auth/gate";
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
  /** Where the account holds the web-service role now, by name (read with the account). */
  webServiceInstitutions: AuthorizedInstitution[];
}

/**
 * The account behind an authToken and where it holds the web-service role, re-read on every
 * call (one statement) so revocations take effect at once.
 */
export async function tokenUser(userId: string, appPasswordId: string | null): Promise<TokenUser | null> {
  // One prepared statement: every token-authenticated call starts here.
  const { rows } = await pool().query<{
    id: string;
    email: string;
    session_version: number;
    mfa_enabled: boolean;
    locked_until: Date | null;
    app_password_active: boolean | null;
    memberships: CollegeMembership[];
  }>(
    prepared(
      `SELECT u.id::text, u.email, u.session_version, u.mfa_enabled, u.locked_until,
              CASE WHEN $2::uuid IS NULL THEN NULL
                   ELSE EXISTS (SELECT 1 FROM app_password a WHERE a.id = $2::uuid AND a.user_id = u.id AND a.revoked_at IS NULL) END AS app_password_active,
              (SELECT COALESCE(json_agg(m ORDER BY m.name), '[]') FROM (${collegeMembershipsSql("u.id", "$3")}) m) AS memberships
         FROM app_user u WHERE u.id = $1::uuid`,
      [userId, appPasswordId, new Date()],
    ),
  );
  const u = rows[0];
  if (!u) return null;
  return {
    id: u.id,
    email: u.email,
    sessionVersion: u.session_version,
    mfaEnabled: u.mfa_enabled,
    lockedUntil: u.locked_until,
    appPasswordActive: u.app_password_active,
    webServiceInstitutions: institutionsAllowing(u.memberships, "web-service:use"),
  };
}
