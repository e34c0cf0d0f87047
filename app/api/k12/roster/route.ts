import { audit } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { readQuery, route } from "@/lib/http/route";
import { seesStudentLevel } from "@/lib/k12/access";
import { authorizeK12 } from "@/lib/k12/gate";
import { filtersForAudit, rosterCsv, rosterRows } from "@/lib/k12/queries";
import { RosterFilterSchema } from "@/lib/k12/schema";
import { zonedIsoDate } from "@/lib/dates";

export const runtime = "nodejs";

/** Student Score Roster as CSV (the filters of the page). Student-level data: audited. */
export const GET = route(async (request) => {
  const { user, current } = await authorizeK12("k12:roster");
  if (!seesStudentLevel(current)) throw new AppError("FORBIDDEN", "Your principal has restricted teachers from individual students' results.");
  const q = readQuery(request, RosterFilterSchema);
  const filters = { subject: q.subject || undefined, section: q.section || undefined, grade: q.grade || undefined, year: q.year || undefined, school: q.school || undefined };
  const rows = await rosterRows(current, filters, null);
  await audit({ actorType: "user", actorUserId: user.id, actorLabel: user.email, action: "k12.download", organizationId: current.id, recordCount: rows.length, ip: clientIp(request.headers), details: { report: "roster", format: "CSV", filters: filtersForAudit(filters) } });
  const fileName = `AP_Student_Score_Roster_${current.code}_${zonedIsoDate(new Date())}.csv`;
  return new Response(rosterCsv(rows), {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
  });
});
