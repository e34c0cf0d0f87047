import { NextResponse } from "next/server";
import { listAuditEvents } from "@/lib/admin/queries";
import { AuditFilterSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";
import { readQuery } from "@/lib/http/route";

export const runtime = "nodejs";

/** Read-only, newest first; follow `nextBefore` as `?before=` for older events. */
export const GET = adminRoute(async (request) => {
  const filter = readQuery(request, AuditFilterSchema);
  return NextResponse.json(await listAuditEvents(filter));
});
