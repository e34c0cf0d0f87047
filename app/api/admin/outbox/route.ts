import { NextResponse } from "next/server";
import { listOutbox } from "@/lib/mail/queries";
import { OutboxPageSchema } from "@/lib/mail/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/** Emails written instead of sent when no SMTP server is configured, newest first. */
export const GET = adminRoute({ query: OutboxPageSchema }, async ({ query }) => NextResponse.json(await listOutbox(query)));
