import { pool } from "@/lib/db";
import { audit } from "@/lib/audit";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { addDays, reportingYearStart, retentionStart, startOfZonedDay, zonedIsoDate } from "@/lib/dates";
import { AppError } from "@/lib/errors";
import { PAGE_SIZE, dateRangeErrors, type Lookup, type PdfStatus, type Refinement, type SortColumn } from "@/lib/pdf-reports/schema";

/**
 * Reads of the PDF tab. Every query is scoped by an institution id that came out of the gate
 * and narrowed first by one of score_report's (organization_id, …) indexes; the user's status
 * for a report comes from a LEFT JOIN LATERAL to their latest PDF download of it, so a page
 * of results costs one index probe per row shown rather than a scan of the download history.
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

/** "After your first login": the first visit to the institution's dashboard, else enrollment. */
export async function firstLoginAt(viewer: PdfViewer): Promise<Date> {
  const { rows } = await pool().query<{ at: Date | null }>(
    `SELECT COALESCE(MIN(dashboard_visited_at), MIN(created_at)) AS at
       FROM membership WHERE user_id = $1 AND organization_id = $2`,
    [viewer.userId, viewer.organizationId],
  );
  // A gate-authorized institution always has a membership; "now" keeps the rule safe anyway.
  return rows[0]?.at ?? new Date();
}

/** The calendar dates a custom range may use: retention start through today. */
export function rangeBounds(now = new Date()): { earliest: string; today: string } {
  return { earliest: zonedIsoDate(retentionStart(now)), today: zonedIsoDate(now) };
}

/** Escapes LIKE's wildcards so user text matches literally. */
function likePrefix(text: string): string {
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
 * The lookup as one SELECT of (report, status) rows. `extraOuter` filters on the computed
 * status. Parameters are positional; nothing from the request is spliced into the text.
 */
export function buildLookup(viewer: PdfViewer, lookup: Lookup, refinement: Pick<Refinement, "q">, firstLogin: Date, now: Date): Built {
  const params: unknown[] = [viewer.organizationId, viewer.userId, retentionStart(now), firstLogin];
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
                  WHEN d.version IS NOT NULL OR r.latest_released_at > $4 THEN 'new'
                  ELSE 'not-downloaded' END AS status
        FROM score_report r
        LEFT JOIN LATERAL (
          SELECT pd.version, pd.downloaded_at FROM pdf_download pd
           WHERE pd.user_id = $2::uuid AND pd.organization_id = $1::uuid AND pd.report_id = r.id
           ORDER BY pd.id DESC LIMIT 1
        ) d ON true
       WHERE ${where.join(" AND ")}
    ) s${outer.length ? ` WHERE ${outer.join(" AND ")}` : ""}`;
  return { sql, params };
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

/**
 * One page of a lookup, with totals. Also writes the `pdf.lookup` audit event (who, which
 * institution, the criteria, how many students matched).
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

  const firstLogin = await firstLoginAt(viewer);
  const base = buildLookup(viewer, lookup, refinement, firstLogin, now);
  const db = pool();

  const dir = refinement.dir === "desc" ? "DESC" : "ASC";
  const column = SORT_SQL[refinement.sort];
  // Ties (many students share a last name) fall back to first name, then the report id, so
  // paging is stable.
  const order = `${column} ${dir} NULLS LAST${refinement.sort === "lastName" ? `, first_name ${dir}` : ""}, id::bigint ${dir}`;
  const pageQuery = (pageNumber: number, withCounts: boolean) => {
    const params = [...base.params];
    let filter = "";
    if (refinement.status) {
      params.push(refinement.status);
      filter = ` WHERE status = $${params.length}`;
    }
    params.push(PAGE_SIZE, (pageNumber - 1) * PAGE_SIZE);
    // Window counts see every match before the status filter and paging: one pass gives the
    // page and the totals of each status.
    const counted = withCounts
      ? `SELECT t.*, count(*) FILTER (WHERE t.status = 'new') OVER () AS n_new,
                count(*) FILTER (WHERE t.status = 'not-downloaded') OVER () AS n_not_downloaded,
                count(*) FILTER (WHERE t.status = 'downloaded') OVER () AS n_downloaded
           FROM (${base.sql}) t`
      : base.sql;
    return db.query<RawRow & { n_new?: string; n_not_downloaded?: string; n_downloaded?: string }>(
      `SELECT * FROM (${counted}) w${filter} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  };

  const byStatus: Record<PdfStatus, number> = { new: 0, "not-downloaded": 0, downloaded: 0 };
  let { rows } = await pageQuery(refinement.page, true);
  const first = rows[0];
  if (first) {
    byStatus.new = Number(first.n_new);
    byStatus["not-downloaded"] = Number(first.n_not_downloaded);
    byStatus.downloaded = Number(first.n_downloaded);
  } else {
    // An empty page (nothing in this status, or past the last page): count separately.
    const counts = await db.query<{ status: PdfStatus; n: string }>(`SELECT status, count(*)::text AS n FROM (${base.sql}) t GROUP BY status`, base.params);
    for (const c of counts.rows) byStatus[c.status] = Number(c.n);
  }
  const total = refinement.status ? byStatus[refinement.status] : byStatus.new + byStatus["not-downloaded"] + byStatus.downloaded;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(refinement.page, pageCount);
  if (!first && page !== refinement.page && total > 0) rows = (await pageQuery(page, false)).rows;

  await audit({
    actorType: "user",
    actorUserId: viewer.userId,
    action: "pdf.lookup",
    organizationId: viewer.organizationId,
    recordCount: total,
    ip: context.ip ?? null,
    details: { lookup: { ...lookup }, q: refinement.q, status: refinement.status, sort: refinement.sort, dir: refinement.dir, page },
  });

  return {
    rows: rows.map((r) => ({
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
    page,
    pageCount,
  };
}

/** "New Student Reports: N new score report(s)" for this user. */
export async function countNewPdfReports(viewer: PdfViewer, now = new Date()): Promise<number> {
  const firstLogin = await firstLoginAt(viewer);
  const base = buildLookup(viewer, { kind: "new" }, { q: "" }, firstLogin, now);
  const { rows } = await pool().query<{ n: string }>(`SELECT count(*)::text AS n FROM (${base.sql}) t`, base.params);
  return Number(rows[0]?.n ?? 0);
}
