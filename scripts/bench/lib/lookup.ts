/**
 * The lookup benchmark's floor: the PDF tab's student search as one plain SELECT — one of last
 * name (a prefix, as the tab searches), date of birth or email, within one institution and the
 * retention window, one page of results and the total — against which lookupPdfReports() is
 * compared. It finds the same students; it does not compute their download status, count by
 * status or record the lookup.
 *
 * They use the score_report indexes (organization_id, last_name_key / date_of_birth / email_key).
 */
import type { SqlQuery } from "@/lib/bulk/definition";
import { retentionStart } from "@/lib/dates";
import { PAGE_SIZE } from "@/lib/pdf-reports/schema";
import { likePrefix, prefixRange } from "@/lib/pdf-reports/queries";

export type LookupKind = "lastName" | "dateOfBirth" | "email";

export function lookupQuery(kind: LookupKind, organizationId: string, value: string, now = new Date()): SqlQuery {
  const values: unknown[] = [organizationId, retentionStart(now)];
  const p = (v: unknown) => `$${values.push(v)}`;
  let match: string;
  if (kind === "lastName") {
    const key = value.toLowerCase();
    const range = prefixRange(key);
    const seek = range ? `r.last_name_key >= ${p(range.from)} AND ${range.to ? `r.last_name_key < ${p(range.to)} AND ` : ""}` : "";
    match = `${seek}r.last_name_key LIKE ${p(likePrefix(key))}`;
  } else if (kind === "email") match = `r.email_key = ${p(value.toLowerCase())}`;
  else match = `r.date_of_birth = ${p(value)}::date`;
  return {
    text: `SELECT r.id::text, r.ap_id, r.last_name, r.first_name, r.middle_initial, r.date_of_birth, r.email, r.latest_released_at,
                  count(*) OVER () AS total
             FROM score_report r
            WHERE r.organization_id = $1::uuid AND r.latest_released_at >= $2 AND ${match}
            ORDER BY r.last_name_key, r.first_name, r.id
            LIMIT ${PAGE_SIZE}`,
    values,
  };
}
