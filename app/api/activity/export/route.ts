import { activityCsv, listActivity } from "@/lib/activity/queries";
import { ActivityFilterSchema } from "@/lib/activity/schema";
import { audit } from "@/lib/audit";
import { zonedIsoDate } from "@/lib/dates";
import { clientIp } from "@/lib/http/client-ip";
import { readQuery, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";

export const runtime = "nodejs";

/** The CAP on one export: far above any institution's yearly activity. */
const MAX_EXPORT_ROWS = 200_000;

/** The activity list as CSV (same filters as the page), every field quoted. */
export const GET = route(async (request) => {
  const filter = readQuery(request, ActivityFilterSchema);
  const { user, institution } = await requireApiInstitution("activity:view", "continue", filter.institution);
  const { rows } = await listActivity(institution.id, filter, MAX_EXPORT_ROWS);
  await audit({
    actorType: "user",
    actorUserId: user.id,
    action: "activity.exported",
    organizationId: institution.id,
    recordCount: rows.length,
    ip: clientIp(request.headers),
    details: { filter: JSON.parse(JSON.stringify(filter)) as Record<string, string> },
  });
  const fileName = `activity-${institution.diCode}-${zonedIsoDate(new Date())}.csv`;
  return new Response(activityCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
});
