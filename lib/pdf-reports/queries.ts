import { pool, prepared } from "@/lib/db";
import { auditInsertSql, logAudit } from "@/lib/audit";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { addDays, reportingYearStart, retentionStart, startOfZonedDay, zonedIsoDate } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { PAGE_SIZE, dateRangeErrors, type Lookup, type PdfStatus, type Refinement, type SortColumn } from "@/lib/pdf-reports/schema";

/**
 * Reads of the PDF tab. Every query is scoped by an institution id that came out of the gate
 * and narrowed first by one of score_report's (organization_id, …) indexes; the user's status
 * for a report comes from a LEFT JOIN LATERAL to their latest PDF download of it, so a page
 * of results costs one index probe per row shown rather than a scan of the download history,
 * and none when the user has downloaded no PDF at the institution (HAS_DOWNLOADS).
 */

export interface PdfViewer {
  organizationId: AuthorizedOrganizationId;
  userId: string;
}

export interface PdfReportRow {
  id: string;
  lastName: string;
  firstName: string;
  middleInitial: string;
  /** "YYYY-MM-DD" */
  dateOfBirth: string | null;
  apId: string;
  /** The latest version's release: "Date Scores Released to Your Institution". */
  releasedAt: Date;
  /** This user's last PDF download of the student, whichever version. */
  downloadedAt: Date | null;
  status: PdfStatus;
}

export interface PdfLookupResult {
  rows: PdfReportRow[];
  /** Results after refinement and status filter ("Showing X of Y results"). */
  total: number;
  /** Results of the lookup per status, before the status filter (for the filter's labels). */
  byStatus: Record<PdfStatus, number>;
  page: number;
  pageCount: number;
}

/** The calendar dates a custom range may use: retention start through today. */
export function rangeBounds(now = new Date()): { earliest: string; today: string } {
  return { earliest: zonedIsoDate(retentionStart(now)), today: zonedIsoDate(now) };
}

/** Escapes LIKE's wildcards so user text matches literally. */
export function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const NEXT_CHAR: Record<string, string> = Object.fromEntries([..."0123456789abcdefghijklmnopqrstuvwxy"].map((c, i, all) => [c, c === "9" ? "a" : all[i + 1]!]));

/**
 * An index range [from, to) holding every last_name_key that starts with `key`, whatever the
 * database's collation: LIKE 'x%' can use a plain b-tree index only under the C collation, so
 * the prefix's leading run of a-z/0-9 (ordered the same way by C, glibc and ICU collations)
 * becomes a range the (organization_id, last_name_key) index can seek, and LIKE then keeps
 * the exact matches. Null when the key starts with another character (e.g. an apostrophe).
 */
export function prefixRange(key: string): { from: string; to: string | null } | null {
  const from = /^[a-z0-9]*/.exec(key)![0];
  if (!from) return null;
  let head = from;
  while (head.endsWith("z")) head = head.slice(0, -1);
  const to = head ? head.slice(0, -1) + NEXT_CHAR[head.at(-1)!] : null;
  return { from, to };
}

const SORT_SQL: Record<SortColumn, string> = {
  lastName: "last_name_key",
  firstName: "first_name",
  middleInitial: "middle_initial",
  dateOfBirth: "date_of_birth",
  apId: "ap_id",
  releasedAt: "latest_released_at",
  downloadedAt: "downloaded_at",
};

interface Built {
  sql: string;
  params: unknown[];
}

/**
 * "After your first login": the user's first visit to the institution's dashboard, else their
 * enrollment ($4, now, if neither is known: a gate-authorized institution always has a
 * membership). An uncorrelated subquery, so PostgreSQL reads it once per statement.
 */
const FIRST_LOGIN = `COALESCE((SELECT COALESCE(MIN(m.dashboard_visited_at), MIN(m.created_at)) FROM membership m
                                 WHERE m.user_id = $2::uuid AND m.organization_id = $1::uuid), $4::timestamp)`;

/**
 * Whether the user has any PDF download at the institution: an uncorrelated subquery, read once
 * per statement, that gates the per-match probe below (a one-time filter), so a user who has
 * downloaded nothing there (most lookups) pays one index probe instead of one per match.
 */
const HAS_DOWNLOADS = `(SELECT EXISTS (SELECT 1 FROM pdf_download x WHERE x.user_id = $2::uuid AND x.organization_id = $1::uuid))`;

/**
 * The lookup as one SELECT of (report, status) rows. Parameters are positional; nothing from
 * the request is spliced into the text. `params` may be extended by the caller.
 */
export function buildLookup(viewer: PdfViewer, lookup: Lookup, refinement: Pick<Refinement, "q">, now: Date): Built & { bind: (value: unknown) => string } {
  const params: unknown[] = [viewer.organizationId, viewer.userId, retentionStart(now), now];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = ["r.organization_id = $1::uuid", "r.latest_released_at >= $3"];
  const outer: string[] = [];
  switch (lookup.kind) {
    case "criteria":
      if (lookup.field === "lastName") {
        const key = lookup.value.toLowerCase();
        const range = prefixRange(key);
        if (range) where.push(`r.last_name_key >= ${p(range.from)}`, ...(range.to ? [`r.last_name_key < ${p(range.to)}`] : []));
        where.push(`r.last_name_key LIKE ${p(likePrefix(key))}`);
      } else if (lookup.field === "email") where.push(`r.email_key = ${p(lookup.value.toLowerCase())}`);
      else where.push(`r.date_of_birth = ${p(lookup.value)}::date`);
      break;
    case "range":
      where.push(`r.latest_released_at >= ${p(startOfZonedDay(lookup.start))}`);
      where.push(`r.latest_released_at < ${p(startOfZonedDay(addDays(lookup.end, 1)))}`);
      break;
    case "new":
      outer.push("status = 'new'");
      break;
    case "all":
      // "All Student Reports" is the current reporting year (seed 000's screenshot shows All one
      // year later than Custom's limit); older reports stay reachable through a custom range.
      where.push(`r.latest_released_at >= ${p(reportingYearStart(now))}`);
      break;
  }
  if (refinement.q) {
    const prefix = likePrefix(refinement.q);
    const a = p(likePrefix(refinement.q.toLowerCase()));
    const b = p(prefix);
    const c = p(likePrefix(refinement.q.toUpperCase()));
    where.push(`(r.last_name_key LIKE ${a} OR r.first_name ILIKE ${b} OR r.ap_id LIKE ${c})`);
  }
  const sql = `
    SELECT * FROM (
      SELECT r.id::text AS id, r.last_name, r.last_name_key, r.first_name, r.middle_initial, r.date_of_birth::text AS date_of_birth,
             r.ap_id, r.latest_released_at, d.downloaded_at,
             CASE WHEN d.version >= r.latest_version THEN 'downloaded'
                  WHEN d.version IS NOT NULL OR r.latest_released_at > ${FIRST_LOGIN} THEN 'new'
                  ELSE 'not-downloaded' END AS status
        FROM score_report r
        LEFT JOIN LATERAL (
          SELECT pd.version, pd.downloaded_at FROM pdf_download pd
           WHERE ${HAS_DOWNLOADS} AND pd.user_id = $2::uuid AND pd.organization_id = $1::uuid AND pd.report_id = r.id
           ORDER BY pd.id DESC LIMIT 1
        ) d ON true
       WHERE ${where.join(" AND ")}
    ) s${outer.length ? ` WHERE ${outer.join(" AND ")}` : ""}`;
  return { sql, params, bind: p };
}

interface RawRow {
  id: string;
  last_name: string;
  first_name: string;
  middle_initial: string;
  date_of_birth: string | null;
  ap_id: string;
  latest_released_at: Date;
  downloaded_at: Date | null;
  status: PdfStatus;
}

const STATUS_COUNT: Record<PdfStatus, string> = { new: "n_new", "not-downloaded": "n_not_downloaded", downloaded: "n_downloaded" };

/**
 * One page of a lookup, with totals, and its `pdf.lookup` audit event (who, which institution,
 * the criteria, how many students matched) — all one statement: the matches are read once for
 * both the page and the counts by status, a page past the end becomes the last page, and the
 * event is inserted by the same statement, so results are never returned without their record.
 */
export async function lookupPdfReports(
  viewer: PdfViewer,
  lookup: Lookup,
  refinement: Refinement,
  context: { ip?: string | null; now?: Date } = {},
): Promise<PdfLookupResult> {
  const now = context.now ?? new Date();
  const rangeErrors = dateRangeErrors(lookup, rangeBounds(now));
  const firstError = Object.entries(rangeErrors)[0];
  if (firstError) throw new AppError("BAD_REQUEST", firstError[1], { field: firstError[0], fieldErrors: rangeErrors });

  const base = buildLookup(viewer, lookup, refinement, now);
  const dir = refinement.dir === "desc" ? "DESC" : "ASC";
  const column = SORT_SQL[refinement.sort];
  // Ties (many students share a last name) fall back to first name, then the report id, so
  // paging is stable.
  const order = `${column} ${dir} NULLS LAST${refinement.sort === "lastName" ? `, first_name ${dir}` : ""}, id::bigint ${dir}`;
  const filter = refinement.status ? `WHERE status = ${base.bind(refinement.status)}` : "";
  const totalSql = refinement.status ? STATUS_COUNT[refinement.status] : "n_new + n_not_downloaded + n_downloaded";
  const entry = {
    actorType: "user",
    actorUserId: viewer.userId,
    action: "pdf.lookup",
    organizationId: viewer.organizationId,
    ip: context.ip ?? null,
    details: { lookup: { ...lookup }, q: refinement.q, status: refinement.status, sort: refinement.sort, dir: refinement.dir },
  } as const;
  const logged = auditInsertSql(entry, base.bind, { from: "shown", recordCount: "shown.total::int", details: "jsonb_build_object('page', shown.page)" });
  const { rows } = await pool().query<RawRow & { n_new: string; n_not_downloaded: string; n_downloaded: string; shown_page: number }>(
    prepared(
      `WITH matches AS MATERIALIZED (${base.sql}),
          counts AS (SELECT count(*) FILTER (WHERE status = 'new') AS n_new,
                            count(*) FILTER (WHERE status = 'not-downloaded') AS n_not_downloaded,
                            count(*) FILTER (WHERE status = 'downloaded') AS n_downloaded
                       FROM matches),
          shown AS (SELECT c.*, ${totalSql} AS total,
                           LEAST(${base.bind(refinement.page)}::int, GREATEST(1, ceil((${totalSql})::numeric / ${PAGE_SIZE})))::int AS page
                      FROM counts c),
          logged AS (${logged})
     SELECT shown.n_new, shown.n_not_downloaded, shown.n_downloaded, shown.page AS shown_page, p.*
       FROM shown
       LEFT JOIN LATERAL (SELECT * FROM matches ${filter} ORDER BY ${order} LIMIT ${PAGE_SIZE} OFFSET (shown.page - 1) * ${PAGE_SIZE}) p ON true
      ORDER BY ${order}`,
      base.params,
    ),
  );
  const summary = rows[0]!;
  const byStatus: Record<PdfStatus, number> = {
    new: Number(summary.n_new),
    "not-downloaded": Number(summary.n_not_downloaded),
    downloaded: Number(summary.n_downloaded),
  };
  const total = refinement.status ? byStatus[refinement.status] : byStatus.new + byStatus["not-downloaded"] + byStatus.downloaded;
  logAudit({ ...entry, recordCount: total });
  // With no match on the page, the LEFT JOIN still gives the one row of counts.
  const shown = rows.filter((r) => r.id !== null);
  return {
    rows: shown.map((r) => ({
      id: r.id,
      lastName: r.last_name,
      firstName: r.first_name,
      middleInitial: r.middle_initial,
      dateOfBirth: r.date_of_birth,
      apId: r.ap_id,
      releasedAt: r.latest_released_at,
      downloadedAt: r.downloaded_at,
      status: r.status,
    })),
    total,
    byStatus,
    page: summary.shown_page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}

/** "New Student Reports: N new score report(s)" for this user. */
export async function countNewPdfReports(viewer: PdfViewer, now = new Date()): Promise<number> {
  const base = buildLookup(viewer, { kind: "new" }, { q: "" }, now);
  const { rows } = await pool().query<{ n: string }>(prepared(`SELECT count(*)::text AS n FROM (${base.sql}) t`, base.params));
  return Number(rows[0]?.n ?? 0);
}
