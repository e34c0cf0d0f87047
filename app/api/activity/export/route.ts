import { ACTIVITY_EXPORT_MAX_ROWS, activityCsv, listActivity } from "@/lib/activity/queries";
import { ActivityFilterSchema } from "@/lib/activity/schema";
import { zonedIsoDate } from "@/lib/dates";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** The activity list as CSV (same filters as the page), every field quoted. */
export const GET = sessionRoute(
  { doing: "continue", permission: "activity:view", query: ActivityFilterSchema, institution: ({ query }) => query.institution, audit: "activity.exported" },
  async ({ institution, query, note }) => {
    const { rows } = await listActivity(institution.id, query, ACTIVITY_EXPORT_MAX_ROWS);
    note.recordCount = rows.length;
    note.details = { filter: JSON.parse(JSON.stringify(query)) as Record<string, string> };
    const fileName = `activity-${institution.diCode}-${zonedIsoDate(new Date())}.csv`;
    return new Response(activityCsv(rows), {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${fileName}"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
