import { afterEach, describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { databaseStatus, readiness } from "@/lib/health";
import { useTestDatabase } from "@/lib/test/db";

useTestDatabase();

afterEach(() => {
  delete process.env.WORKER_HEARTBEAT_MAX_AGE_SECONDS;
});

describe("liveness", () => {
  it("reports the database up with its latency", async () => {
    const status = await databaseStatus();
    expect(status.ok).toBe(true);
    expect(status.ok && status.latencyMs).toBeGreaterThanOrEqual(0);
  });
});

describe("readiness", () => {
  it("is ready with the database up and every shipped migration applied, the worker unchecked by default", async () => {
    const result = await readiness();
    expect(result.checks).toMatchObject({ database: { ok: true }, migrations: { ok: true }, worker: { ok: true, detail: "not checked" } });
    expect(result.ready).toBe(true);
  });

  it("checks the worker's heartbeat when WORKER_HEARTBEAT_MAX_AGE_SECONDS is set", async () => {
    process.env.WORKER_HEARTBEAT_MAX_AGE_SECONDS = "120";
    const { startWorker } = await import("@/lib/worker/worker");
    const worker = await startWorker({ schedule: false });
    await worker.stop();
    await prisma.$executeRaw`UPDATE pgboss.version SET maintained_on = now() - interval '1 hour', cron_on = NULL, monitored_on = NULL`;
    expect((await readiness()).checks.worker.ok).toBe(false);
    expect((await readiness()).ready).toBe(false);
    await prisma.$executeRaw`UPDATE pgboss.version SET cron_on = now()`;
    expect((await readiness()).checks.worker.ok).toBe(true);
  });

  it("is not ready while a migration of this build is not applied, and names it", async () => {
    const [last] = await prisma.$queryRaw<
      Array<{ migration_name: string }>
    >`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`;
    await prisma.$executeRaw`DELETE FROM _prisma_migrations WHERE migration_name = ${last!.migration_name}`;
    const result = await readiness();
    expect(result.ready).toBe(false);
    expect(result.checks.migrations.detail).toContain(last!.migration_name);
  });
});
