import { zonedIsoDate } from "@/lib/dates";
import { sessionRoute } from "@/lib/http/session-route";
import { filtersForAudit, rosterDownload, rosterFiltersOf } from "@/lib/k12/queries";
import { RosterFilterSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** Student Score Roster as CSV (the filters of the page). Student-level data: audited. */
export const GET = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", permission: "k12:roster", query: RosterFilterSchema, audit: "k12.download" },
  async ({ k12: { current }, query, note }) => {
    const filters = rosterFiltersOf(query);
    const result = await rosterDownload(current, filters);
    if (!result.ok) return result;
    note.recordCount = result.rows;
    note.details = { report: "roster", format: "CSV", filters: filtersForAudit(filters) };
    const fileName = `AP_Student_Score_Roster_${current.code}_${zonedIsoDate(new Date())}.csv`;
    return new Response(result.csv, {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
    });
  },
);
