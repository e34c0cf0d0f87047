import PgBoss from "pg-boss";
import { databaseUrl } from "@/lib/db";
import { logger } from "@/lib/logger";
import { QUEUES, QUEUE_OPTIONS, type DeliveryJob, type QueueName } from "@/lib/jobs/queues";

/**
 * The process's pg-boss handle for sending jobs. A worker (instrumentation.ts or
 * scripts/worker.ts) registers its own instance here when it starts; a web process without a
 * worker starts a send-only instance the first time it enqueues something. Kept on globalThis
 * because Next.js bundles instrumentation and route handlers separately.
 */
const g = globalThis as unknown as { __apBoss?: PgBoss; __apBossStarting?: Promise<PgBoss> };

export async function createBoss(options: { connectionString?: string; worker: boolean; schedule?: boolean }): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.connectionString ?? databaseUrl(),
    application_name: options.worker ? "ap-worker" : "ap-web",
    max: options.worker ? 5 : 3,
    // Only workers run maintenance and cron; a send-only instance just inserts jobs.
    supervise: options.worker,
    schedule: options.worker && (options.schedule ?? true),
    migrate: true,
  });
  boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
  await boss.start();
  for (const name of Object.values(QUEUES)) await boss.createQueue(name, { name, ...QUEUE_OPTIONS[name] });
  return boss;
}

/** Makes `boss` the one this process enqueues through (the worker's, when there is one). */
export function registerBoss(boss: PgBoss): void {
  g.__apBoss = boss;
}

export function unregisterBoss(boss: PgBoss): void {
  if (g.__apBoss === boss) g.__apBoss = undefined;
}

/** The running instance, if this process has one; never starts one. */
export function runningBoss(): PgBoss | null {
  return g.__apBoss ?? null;
}

async function producer(): Promise<PgBoss> {
  if (g.__apBoss) return g.__apBoss;
  g.__apBossStarting ??= createBoss({ worker: false }).then(
    (boss) => {
      g.__apBoss ??= boss;
      return g.__apBoss;
    },
    (error: unknown) => {
      g.__apBossStarting = undefined;
      throw error;
    },
  );
  return g.__apBossStarting;
}

/**
 * Enqueues one job per delivery row, with the row's id as the job id: enqueueing the same row
 * twice (a rerun, the sweeper) is a no-op while its job exists. Best effort: a failure is
 * logged, and the sweeper enqueues the row later, so nothing is lost.
 */
export async function enqueueDeliveries(queue: QueueName, deliveryIds: string[], opts: { startIfNeeded?: boolean; fresh?: boolean } = {}): Promise<number> {
  if (!deliveryIds.length) return 0;
  try {
    const boss = opts.startIfNeeded === false ? runningBoss() : await producer();
    if (!boss) return 0;
    const jobs: PgBoss.JobInsert<DeliveryJob>[] = deliveryIds.map((deliveryId) => ({
      // A stale delivery whose job is gone needs a new job id; otherwise the id deduplicates.
      ...(opts.fresh ? {} : { id: deliveryId }),
      name: queue,
      data: { deliveryId },
    }));
    await boss.insert(jobs);
    return jobs.length;
  } catch (error) {
    logger.error({ err: error, queue, count: deliveryIds.length }, "could not enqueue deliveries; the sweeper will retry");
    return 0;
  }
}
