import { audit } from "@/lib/audit";
import { clientIp } from "@/lib/http/client-ip";
import { route } from "@/lib/http/route";
import { authorizeK12 } from "@/lib/k12/gate";
import { studentDatafile } from "@/lib/k12/queries";
import { zonedIsoDate } from "@/lib/dates";

export const runtime = "nodejs";

/** The student datafile for school and district administrators (CSV, layout on /k12/datafile/layout). */
export const GET = route(async (request) => {
  const { user, current } = await authorizeK12("k12:datafile");
  const file = await studentDatafile(current);
  await audit({ actorType: "user", actorUserId: user.id, actorLabel: user.email, action: "k12.download", organizationId: current.id, recordCount: file.rows, ip: clientIp(request.headers), details: { report: "datafile", format: "CSV" } });
  const fileName = `AP_Student_Datafile_${current.code}_${zonedIsoDate(new Date())}.csv`;
  return new Response(file.csv, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${fileName}"`, "Cache-Control": "no-store" },
  });
});
