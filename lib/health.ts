import fs from "node:fs";
import path from "node:path";
import { prisma } from "@/lib/db";
import { readSettings } from "@/lib/env";

export interface Check {
  ok: boolean;
  detail?: string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: Check; migrations: Check; worker: Check };
}

/** Migration folders shipped with this build (prisma/migrations/<timestamp>_<name>). */
function shippedMigrations(root = process.cwd()): string[] {
  const dir = path.join(root, "prisma/migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}

/**
 * Whether this instance should receive traffic: the database answers, every migration this
 * build ships is applied (they run as a separate step, `npm run db:migrate`), and — when
 * WORKER_HEARTBEAT_MAX_AGE_SECONDS is set — a job worker has shown signs of life recently
 * (pg-boss stamps its maintenance and cron times in pgboss.version).
 */
export async function readiness(): Promise<Readiness> {
  const settings = readSettings();
  const checks: Readiness["checks"] = { database: { ok: false }, migrations: { ok: false }, worker: { ok: true, detail: "not checked" } };
  try {
    await prisma.$queryRaw`SELECT 1`;
    checks.database = { ok: true };
  } catch {
    checks.database = { ok: false, detail: "unreachable" };
    checks.migrations = { ok: false, detail: "unknown" };
    checks.worker = { ok: settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS === 0, detail: "unknown" };
    return { ready: false, checks };
  }
  const applied = new Set(
    (
      await prisma.$queryRaw<Array<{ migration_name: string }>>`
      SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`
    ).map((r) => r.migration_name),
  );
  const missing = shippedMigrations().filter((name) => !applied.has(name));
  checks.migrations = missing.length ? { ok: false, detail: `not applied: ${missing.join(", ")} (run npm run db:migrate)` } : { ok: true };

  const maxAge = settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS;
  if (maxAge > 0) {
    const rows = await prisma.$queryRaw<Array<{ age: number | null }>>`
      SELECT extract(epoch FROM now() - greatest(maintained_on, cron_on, monitored_on))::float8 AS age FROM pgboss.version`.catch(() => []);
    const age = rows[0]?.age ?? null;
    checks.worker =
      age !== null && age <= maxAge
        ? { ok: true, detail: `last seen ${Math.round(age)} s ago` }
        : { ok: false, detail: age === null ? "no worker has run" : `last seen ${Math.round(age)} s ago` };
  }
  return { ready: checks.database.ok && checks.migrations.ok && checks.worker.ok, checks };
}

/** Whether the database answers, and how fast (the liveness route, /api/health). */
export async function databaseStatus(): Promise<{ ok: true; latencyMs: number } | { ok: false }> {
  const started = performance.now();
  try {
    await prisma.$queryRaw`SELECT 1`;
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false };
  }
}
