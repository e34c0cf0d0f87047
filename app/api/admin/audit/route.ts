import { NextResponse } from "next/server";
import { listAuditEvents } from "@/lib/audit-log/queries";
import { AuditFilterSchema } from "@/lib/audit-log/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/** Read-only, newest first; follow `nextBefore` as `?before=` for older events. */
export const GET = adminRoute({ query: AuditFilterSchema }, async ({ query }) => NextResponse.json(await listAuditEvents(query)));
