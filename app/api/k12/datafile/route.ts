import { zonedIsoDate } from "@/lib/dates";
import { sessionRoute } from "@/lib/http/session-route";
import { studentDatafile } from "@/lib/k12/queries";

export const runtime = "nodejs";

/** The student datafile for school and district administrators (CSV, layout on /k12/datafile/layout). */
export const GET = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", permission: "k12:datafile", audit: "k12.download" },
  async ({ k12: { current }, note }) => {
    const file = await studentDatafile(current);
    note.recordCount = file.rows;
    note.details = { report: "datafile", format: "CSV" };
    const fileName = `AP_Student_Datafile_${current.code}_${zonedIsoDate(new Date())}.csv`;
    return new Response(file.csv, {
      headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
    });
  },
);
