import { NextResponse } from "next/server";
import { isShuttingDown } from "@/lib/shutdown";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness: the process is up and answering. Touches nothing else (a database outage must not restart every instance). */
export function GET() {
  return NextResponse.json({ status: "ok", stopping: isShuttingDown() });
}
