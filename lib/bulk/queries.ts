import { pool } from "@/lib/db";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { reportingYearStart, retentionStart } from "@/lib/dates";
import { definitionOf, type BulkFormat, type BulkType, type FileDefinition, type StoredBulkFile } from "@/lib/bulk/definition";
import { notVisibleSql } from "@/lib/bulk/snapshot";

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
  const { rows } = await pool().query<{ created_at: Date; type: BulkType; format: BulkFormat; snap_xmin: string; snap_xmax: string; snap_xip: string[] }>(
    `SELECT created_at, type, format, snap_xmin::text, snap_xmax::text, snap_xip::text[] AS snap_xip
       FROM bulk_file
      WHERE user_id = $1::uuid AND organization_id = $2::uuid AND logged_at IS NOT NULL AND type IN ('FULL', 'INCREMENTAL')
      ORDER BY id DESC LIMIT 1`,
    [userId, organizationId],
  );
  const base = rows[0];
  if (!base) return { lastDownload: null, newCount: null, yearStart, retentionStart: retention };
  const { rows: counts } = await pool().query<{ n: number }>(
    `SELECT count(DISTINCT v.report_id)::int AS n FROM score_report_version v
      WHERE v.organization_id = $1::uuid AND v.released_at >= $2 AND ${notVisibleSql("v.xid", 3)}`,
    [organizationId, retention, base.snap_xmin, base.snap_xmax, base.snap_xip],
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

/** A stored file with everything needed to stream it again. */
export async function loadBulkFile(fileId: string): Promise<DownloadableFile | null> {
  if (!/^\d{1,18}$/.test(fileId)) return null;
  const { rows } = await pool().query<{
    id: string; user_id: string; organization_id: string; file_name: string; format: BulkFormat; channel: "PORTAL" | "WEB_SERVICE" | "SFTP";
    record_count: number; logged_at: Date | null; type: BulkType; snap_xmin: string; snap_xmax: string; snap_xip: string[];
    range_start: Date | null; range_end: Date | null; created_at: Date; b_xmin: string | null; b_xmax: string | null; b_xip: string[] | null;
  }>(
    `SELECT f.id::text, f.user_id::text, f.organization_id::text, f.file_name, f.format, f.channel, f.record_count, f.logged_at, f.type,
            f.snap_xmin::text, f.snap_xmax::text, f.snap_xip::text[] AS snap_xip, f.range_start, f.range_end, f.created_at,
            b.snap_xmin::text AS b_xmin, b.snap_xmax::text AS b_xmax, b.snap_xip::text[] AS b_xip
       FROM bulk_file f LEFT JOIN bulk_file b ON b.id = f.base_file_id
      WHERE f.id = $1::bigint`,
    [fileId],
  );
  const r = rows[0];
  if (!r) return null;
  const stored: StoredBulkFile = {
    organizationId: r.organization_id,
    type: r.type,
    snapXmin: BigInt(r.snap_xmin),
    snapXmax: BigInt(r.snap_xmax),
    snapXip: r.snap_xip.map(BigInt),
    rangeStart: r.range_start,
    rangeEnd: r.range_end,
    createdAt: r.created_at,
    base: r.b_xmin && r.b_xmax && r.b_xip ? { snapXmin: BigInt(r.b_xmin), snapXmax: BigInt(r.b_xmax), snapXip: r.b_xip.map(BigInt) } : null,
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
  };
}
