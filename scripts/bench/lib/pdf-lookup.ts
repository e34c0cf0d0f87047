/** The PDF tab's lookup (lib/pdf-reports) as the benchmark and the explain-plan test call it. */
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import type { SqlQuery } from "@/lib/bulk/definition";
import { buildLookup, lookupPdfReports } from "@/lib/pdf-reports/queries";
import type { LookupKind } from "@/scripts/bench/lib/lookup";

/** One lookup as the PDF tab runs it (counts by status, one page, audit event); returns the total. */
// The benchmark looks up as the registrar, at institutions it enrolled them at.
export async function pdfLookup(kind: LookupKind, organizationId: string, userId: string, value: string): Promise<number> {
  const result = await lookupPdfReports(
    { organizationId: organizationId as AuthorizedOrganizationId, userId },
    { kind: "criteria", field: kind, value },
    { q: "", status: null, sort: "lastName", dir: "asc", page: 1 },
  );
  return result.total;
}

/** The lookup's main SELECT, for EXPLAIN. */
export function pdfLookupQuery(kind: LookupKind, organizationId: string, userId: string, value: string): SqlQuery {
  const built = buildLookup(
    { organizationId: organizationId as AuthorizedOrganizationId, userId },
    { kind: "criteria", field: kind, value },
    { q: "" },
    new Date(),
  );
  return { text: built.sql, values: built.params };
}
