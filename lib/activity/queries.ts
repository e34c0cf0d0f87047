import { Prisma } from "@/lib/generated/prisma/client";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { addDays, formatDateTime, startOfZonedDay } from "@/lib/dates";
import { prisma } from "@/lib/db";
import { csvQuote } from "@/lib/formats/csv";
import { ACTIVITY_TYPE_LABELS, CHANNEL_LABELS, type ActivityFilter, type ActivityType } from "@/lib/activity/schema";

/**
 * The institution's disclosure record: every bulk file (portal and web service) and every PDF
 * download made at the institution, by whom and when. PDF downloads are one row per download
 * (the reports a user downloaded at one moment), with the number of reports in it.
 */
export interface ActivityRow {
  kind: "BULK" | "PDF";
  /** Bulk file id (the web service's downloadId), or the first PDF download row's id. */
  id: string;
  at: Date;
  userId: string;
  userName: string;
  userEmail: string;
  channel: "PORTAL" | "WEB_SERVICE" | "SFTP";
  type: ActivityType;
  format: "TXT" | "CSV" | "PDF";
  records: number;
  /** Bulk: when the download was logged (web service step 4, or the portal served the file). PDF: null (not logged separately). */
  loggedAt: Date | null;
  fileName: string | null;
}

interface RawRow {
  kind: "BULK" | "PDF";
  id: string;
  at: Date;
  user_id: string;
  first_name: string;
  last_name: string;
  email: string;
  channel: "PORTAL" | "WEB_SERVICE" | "SFTP";
  type: ActivityType;
  format: "TXT" | "CSV" | "PDF";
  records: number;
  logged_at: Date | null;
  file_name: string | null;
}

function range(filter: ActivityFilter): { from: Date | null; to: Date | null } {
  return {
    from: filter.from ? startOfZonedDay(filter.from) : null,
    // Inclusive end date: everything before the next day starts in the reporting zone.
    to: filter.to ? startOfZonedDay(addDays(filter.to, 1)) : null,
  };
}

/** The cap on one CSV export: far above any institution's yearly activity. */
export const ACTIVITY_EXPORT_MAX_ROWS = 200_000;

/** Newest first; `limit` rows at most (the page shows a window, the CSV export everything). */
export async function listActivity(
  organizationId: AuthorizedOrganizationId,
  filter: ActivityFilter,
  limit = 500,
): Promise<{ rows: ActivityRow[]; total: number }> {
  const { from, to } = range(filter);
  const wantBulk = filter.type !== "PDF";
  const wantPdf = (!filter.type || filter.type === "PDF") && (!filter.channel || filter.channel === "PORTAL");
  const bulkWhere = Prisma.sql`b.organization_id = ${organizationId}::uuid
    ${filter.user ? Prisma.sql`AND b.user_id = ${filter.user}::uuid` : Prisma.empty}
    ${filter.type && filter.type !== "PDF" ? Prisma.sql`AND b.type::text = ${filter.type}` : Prisma.empty}
    ${filter.channel ? Prisma.sql`AND b.channel::text = ${filter.channel}` : Prisma.empty}
    ${from ? Prisma.sql`AND b.created_at >= ${from}` : Prisma.empty}
    ${to ? Prisma.sql`AND b.created_at < ${to}` : Prisma.empty}`;
  const pdfWhere = Prisma.sql`p.organization_id = ${organizationId}::uuid
    ${filter.user ? Prisma.sql`AND p.user_id = ${filter.user}::uuid` : Prisma.empty}
    ${from ? Prisma.sql`AND p.downloaded_at >= ${from}` : Prisma.empty}
    ${to ? Prisma.sql`AND p.downloaded_at < ${to}` : Prisma.empty}`;
  const parts: Prisma.Sql[] = [];
  if (wantBulk) {
    parts.push(Prisma.sql`
      SELECT 'BULK' AS kind, b.id::text AS id, b.created_at AS at, b.user_id, b.channel::text AS channel, b.type::text AS type,
             b.format::text AS format, b.record_count AS records, b.logged_at, b.file_name
      FROM bulk_file b WHERE ${bulkWhere}`);
  }
  if (wantPdf) {
    parts.push(Prisma.sql`
      SELECT 'PDF' AS kind, min(p.id)::text AS id, p.downloaded_at AS at, p.user_id, 'PORTAL' AS channel, 'PDF' AS type, 'PDF' AS format,
             count(*)::int AS records, NULL::timestamp AS logged_at, NULL::text AS file_name
      FROM pdf_download p WHERE ${pdfWhere}
      GROUP BY p.user_id, p.downloaded_at`);
  }
  if (!parts.length) return { rows: [], total: 0 };
  const union = Prisma.join(parts, " UNION ALL ");
  const [rows, [count]] = await Promise.all([
    prisma.$queryRaw<RawRow[]>`
      SELECT a.kind, a.id, a.at, a.user_id, u.first_name, u.last_name, u.email, a.channel, a.type, a.format, a.records, a.logged_at, a.file_name
      FROM (${union}) a JOIN app_user u ON u.id = a.user_id
      ORDER BY a.at DESC, a.kind, a.id DESC
      LIMIT ${limit}`,
    prisma.$queryRaw<Array<{ n: number }>>`SELECT count(*)::int AS n FROM (${union}) a`,
  ]);
  return {
    total: count?.n ?? 0,
    rows: rows.map((r) => ({
      kind: r.kind,
      id: r.id,
      at: r.at,
      userId: r.user_id,
      userName: `${r.first_name} ${r.last_name}`.trim(),
      userEmail: r.email,
      channel: r.channel,
      type: r.type,
      format: r.format,
      records: r.records,
      loggedAt: r.logged_at,
      fileName: r.file_name,
    })),
  };
}

/** People who appear in the institution's activity or are enrolled there, for the user filter. */
export async function activityUsers(organizationId: AuthorizedOrganizationId): Promise<Array<{ id: string; name: string; email: string }>> {
  const rows = await prisma.$queryRaw<Array<{ id: string; first_name: string; last_name: string; email: string }>>`
    SELECT u.id, u.first_name, u.last_name, u.email FROM app_user u
    WHERE u.id IN (
      SELECT user_id FROM membership WHERE organization_id = ${organizationId}::uuid
      UNION SELECT user_id FROM bulk_file WHERE organization_id = ${organizationId}::uuid
      UNION SELECT user_id FROM pdf_download WHERE organization_id = ${organizationId}::uuid)
    ORDER BY u.last_name, u.first_name, u.email`;
  return rows.map((r) => ({ id: r.id, name: `${r.first_name} ${r.last_name}`.trim(), email: r.email }));
}

export const ACTIVITY_CSV_COLUMNS = [
  "Date and Time (America/New_York)",
  "User",
  "Email",
  "Channel",
  "Activity",
  "Format",
  "Records",
  "Logged",
  "Logged At (America/New_York)",
  "File Name",
  "Download ID",
] as const;

/** Spreadsheet programs run cells that start with these as formulas: make them text. */
function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function activityCsvRow(row: ActivityRow): string {
  const logged = row.kind === "PDF" ? "" : row.loggedAt ? "Yes" : "No";
  return [
    formatDateTime(row.at),
    safeCell(row.userName),
    safeCell(row.userEmail),
    CHANNEL_LABELS[row.channel],
    ACTIVITY_TYPE_LABELS[row.type],
    row.format,
    String(row.records),
    logged,
    row.loggedAt ? formatDateTime(row.loggedAt) : "",
    safeCell(row.fileName ?? ""),
    row.kind === "BULK" ? row.id : "",
  ]
    .map(csvQuote)
    .join(",");
}

/** The whole CSV (header + rows, CRLF line endings, every field quoted). */
export function activityCsv(rows: ActivityRow[]): string {
  return [ACTIVITY_CSV_COLUMNS.map(csvQuote).join(","), ...rows.map(activityCsvRow)].map((line) => `${line}\r\n`).join("");
}
