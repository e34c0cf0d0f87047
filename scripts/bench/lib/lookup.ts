/**
 * The lookup benchmark's floor: the PDF tab's student search as one plain SELECT — one of last
 * name, date of birth or email, within one institution, one page of results and the total —
 * against which lookupPdfReports() (three statements) is compared.
 *
 * They use the score_report indexes (organization_id, last_name_key / date_of_birth / email_key).
 */
import type { SqlQuery } from "@/lib/bulk/definition";

export type LookupKind = "lastName" | "dateOfBirth" | "email";

export const LOOKUP_PAGE = 100;

const COLUMN: Record<LookupKind, string> = {
  lastName: "r.last_name_key",
  dateOfBirth: "r.date_of_birth",
  email: "r.email_key",
};

export function lookupQuery(kind: LookupKind, organizationId: string, value: string): SqlQuery {
  const param = kind === "dateOfBirth" ? "$2::date" : "$2";
  return {
    text: `SELECT r.id::text, r.ap_id, r.last_name, r.first_name, r.middle_initial, r.date_of_birth, r.email, r.latest_released_at,
                  count(*) OVER () AS total
             FROM score_report r
            WHERE r.organization_id = $1::uuid AND ${COLUMN[kind]} = ${param}
            ORDER BY r.last_name_key, r.first_name, r.id
            LIMIT ${LOOKUP_PAGE}`,
    values: [organizationId, kind === "dateOfBirth" ? value : value.toLowerCase()],
  };
}
