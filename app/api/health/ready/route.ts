import { NextResponse } from "next/server";
import { readiness } from "@/lib/health";
import { isShuttingDown } from "@/lib/shutdown";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Readiness for load balancers: database reachable, migrations applied, worker alive (when configured); 503 otherwise and while stopping. */
export async function GET() {
  const result = await readiness();
  const ready = result.ready && !isShuttingDown();
  return NextResponse.json(
    { status: ready ? "ready" : "not-ready", stopping: isShuttingDown(), ...result.checks },
    { status: ready ? 200 : 503, headers: ready ? {} : { "Retry-After": "5" } },
  );
}
