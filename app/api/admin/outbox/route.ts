import { NextResponse } from "next/server";
import { listOutbox } from "@/lib/admin/queries";
import { OutboxPageSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";
import { readQuery } from "@/lib/http/route";

export const runtime = "nodejs";

/** Emails written instead of sent when no SMTP server is configured, newest first. */
export const GET = adminRoute(async (request) => NextResponse.json(await listOutbox(readQuery(request, OutboxPageSchema))));
