import { pool, prepared } from "@/lib/db";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { membershipCountsSql, rolesWith, type InstitutionPermission } from "@/lib/permissions";
import { reportingYearStart, retentionStart } from "@/lib/dates";
import { definitionOf, type BulkFormat, type BulkType, type FileDefinition, type StoredBulkFile } from "@/lib/bulk/definition";

export interface BulkStatus {
  /** The user's newest logged full or incremental file at this institution (the watermark). */
  lastDownload: { at: Date; type: BulkType; format: BulkFormat } | null;
  /** Reports released since that file (null until the first full file). */
  newCount: number | null;
  yearStart: Date;
  retentionStart: Date;
}

/** What the Bulk Reports tab and the dashboard banner show for one user at one institution. */
export async function bulkStatus(userId: string, organizationId: AuthorizedOrganizationId, now = new Date()): Promise<BulkStatus> {
  const yearStart = reportingYearStart(now);
  const retention = retentionStart(now);
  const { rows } = await pool().query<{ created_at: Date; type: BulkType; format: BulkFormat; watermark: string }>(
    `SELECT created_at, type, format, watermark::text
       FROM bulk_file
      WHERE user_id = $1::uuid AND organization_id = $2::uuid AND logged_at IS NOT NULL AND type IN ('FULL', 'INCREMENTAL')
      ORDER BY id DESC LIMIT 1`,
    [userId, organizationId],
  );
  const base = rows[0];
  if (!base) return { lastDownload: null, newCount: null, yearStart, retentionStart: retention };
  // After the base's watermark, or committed and still waiting for a position (the next file
  // sequences those first, so they are in it).
  const { rows: counts } = await pool().query<{ n: number }>(
    `SELECT count(DISTINCT v.report_id)::int AS n FROM score_report_version v
      WHERE v.organization_id = $1::uuid AND v.released_at >= $2 AND (v.position > $3::bigint OR v.position IS NULL)`,
    [organizationId, retention, base.watermark],
  );
  return {
    lastDownload: { at: base.created_at, type: base.type, format: base.format },
    newCount: counts[0]?.n ?? 0,
    yearStart,
    retentionStart: retention,
  };
}

export interface DownloadableFile {
  id: string;
  userId: string;
  organizationId: string;
  fileName: string;
  format: BulkFormat;
  channel: "PORTAL" | "WEB_SERVICE" | "SFTP";
  recordCount: number;
  loggedAt: Date | null;
  definition: FileDefinition;
}

/**
 * Whether the owner of the bulk_file row `file` still holds one of the roles `roles` (a text[]
 * parameter: rolesWith(permission)) at the file's institution at `now`: the rule of
 * authorizedInstitutions (lib/auth/gate.ts), for one institution, inside another statement.
 */
export function ownerPermittedSql(file: string, roles: string, now: string): string {
  return `EXISTS (SELECT 1 FROM membership m JOIN organization o ON o.id = m.organization_id
                   WHERE m.user_id = ${file}.user_id AND m.organization_id = ${file}.organization_id
                     AND m.role::text = ANY(${roles}::text[]) AND ${membershipCountsSql(now)})`;
}

/**
 * A stored file with everything needed to stream it again. With `ownerMay`, the same statement
 * also says whether the file's owner still holds that permission at the file's institution
 * (access can be removed after a file was made): `ownerPermitted`.
 */
export async function loadBulkFile(fileId: string): Promise<DownloadableFile | null>;
export async function loadBulkFile(
  fileId: string,
  options: { ownerMay: InstitutionPermission; now?: Date },
): Promise<(DownloadableFile & { ownerPermitted: boolean }) | null>;
export async function loadBulkFile(
  fileId: string,
  options?: { ownerMay: InstitutionPermission; now?: Date },
): Promise<(DownloadableFile & { ownerPermitted?: boolean }) | null> {
  if (!/^\d{1,18}$/.test(fileId)) return null;
  const permitted = options ? `, ${ownerPermittedSql("f", "$2", "$3")} AS owner_permitted` : "";
  const { rows } = await pool().query<{
    id: string;
    user_id: string;
    organization_id: string;
    file_name: string;
    format: BulkFormat;
    channel: "PORTAL" | "WEB_SERVICE" | "SFTP";
    record_count: number;
    logged_at: Date | null;
    type: BulkType;
    watermark: string;
    base_position: string | null;
    range_start: Date | null;
    range_end: Date | null;
    created_at: Date;
    owner_permitted?: boolean;
  }>(
    prepared(
      `SELECT id::text, user_id::text, organization_id::text, file_name, format, channel, record_count, logged_at, type,
              watermark::text, base_position::text, range_start, range_end, created_at${permitted}
         FROM bulk_file f
        WHERE id = $1::bigint`,
      options ? [fileId, rolesWith(options.ownerMay), options.now ?? new Date()] : [fileId],
    ),
  );
  const r = rows[0];
  if (!r) return null;
  const stored: StoredBulkFile = {
    organizationId: r.organization_id,
    type: r.type,
    watermark: BigInt(r.watermark),
    basePosition: r.base_position === null ? null : BigInt(r.base_position),
    rangeStart: r.range_start,
    rangeEnd: r.range_end,
    createdAt: r.created_at,
  };
  return {
    id: r.id,
    userId: r.user_id,
    organizationId: r.organization_id,
    fileName: r.file_name,
    format: r.format,
    channel: r.channel,
    recordCount: r.record_count,
    loggedAt: r.logged_at,
    definition: definitionOf(stored),
    ...(r.owner_permitted === undefined ? {} : { ownerPermitted: r.owner_permitted }),
  };
}
