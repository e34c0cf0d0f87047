import { NextResponse } from "next/server";
import { databaseStatus } from "@/lib/health";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness of the app and its database, for load balancers and the start script. */
export async function GET() {
  const database = await databaseStatus();
  if (database.ok) return NextResponse.json({ status: "ok", app: "ok", database: "ok", databaseLatencyMs: database.latencyMs });
  return NextResponse.json({ status: "degraded", app: "ok", database: "unreachable" }, { status: 503 });
}
