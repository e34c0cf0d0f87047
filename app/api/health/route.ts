import { NextResponse } from "next/server";
import { prisma } from "@/lib/db";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** Liveness of the app and its database, for load balancers and the start script. */
export async function GET() {
  const started = performance.now();
  try {
    await prisma.$queryRaw`SELECT 1`;
    return NextResponse.json({ status: "ok", app: "ok", database: "ok", databaseLatencyMs: Math.round(performance.now() - started) });
  } catch {
    return NextResponse.json({ status: "degraded", app: "ok", database: "unreachable" }, { status: 503 });
  }
}
