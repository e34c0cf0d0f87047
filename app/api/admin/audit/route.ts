import { NextResponse } from "next/server";
import { listAuditEvents } from "@/lib/admin/queries";
import { AuditFilterSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/** Read-only, newest first; follow `nextBefore` as `?before=` for older events. */
export const GET = adminRoute({ query: AuditFilterSchema }, async ({ query }) => NextResponse.json(await listAuditEvents(query)));
