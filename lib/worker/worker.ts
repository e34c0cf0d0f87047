import type PgBoss from "pg-boss";
import { sendPasswordExpiryReminders } from "@/lib/accounts/password-reminders";
import { closeMailTransports } from "@/lib/mail/mutations";
import { createBoss, registerBoss, unregisterBoss } from "@/lib/jobs/boss";
import { QUEUES, type DeliveryJob } from "@/lib/jobs/queues";
import { findOrphanedDeliveries } from "@/lib/jobs/sweep";
import { logger } from "@/lib/logger";
import { deliverNotification, planDailyNotifications } from "@/lib/notifications/mutations";
import { cronExpression, notifySchedule } from "@/lib/notifications/rules";
import { REPORTING_TIME_ZONE, readSettings } from "@/lib/env";
import { applyRetention } from "@/lib/jobs/retention";
import { deliverWebhook } from "@/lib/webhooks/jobs";
import { registerSftpDelivery } from "@/lib/sftp-delivery/jobs";
import { SEQUENCE_SWEEP_INTERVAL_MS, sequenceReleases } from "@/lib/bulk/sequence";

export interface WorkerOptions {
  connectionString?: string;
  /** Seconds between polls of each queue (pg-boss minimum 0.5). */
  pollingIntervalSeconds?: number;
  /** Register the cron schedules (daily email, sweepers). Off in tests that drive jobs by hand. */
  schedule?: boolean;
}

export interface RunningWorker {
  boss: PgBoss;
  /**
   * Stops taking jobs, waits up to `timeoutMs` for the ones in progress, then releases any
   * still running back to the queue (pg-boss fails them; they are retried elsewhere).
   */
  stop(timeoutMs?: number): Promise<void>;
}

/** Thrown so pg-boss retries the job later (with the queue's backoff). */
class RetryLater extends Error {}

function isFinal(job: PgBoss.JobWithMetadata<DeliveryJob>): boolean {
  return job.retryCount >= job.retryLimit;
}

/** The daily plan, then one send job per pending delivery of the window. */
export async function runDailyJob(boss: PgBoss | null, now = new Date()): Promise<{ created: number; enqueued: number }> {
  const plan = await planDailyNotifications(now);
  const enqueued = boss ? await enqueueWith(boss, QUEUES.sendNotification, plan.pendingIds) : 0;
  logger.info({ windowStart: plan.windowStart, windowEnd: plan.windowEnd, created: plan.created, enqueued }, "daily notifications planned");
  return { created: plan.created, enqueued };
}

async function enqueueWith(boss: PgBoss, queue: string, ids: string[], fresh = false): Promise<number> {
  if (!ids.length) return 0;
  await boss.insert(ids.map((deliveryId) => ({ ...(fresh ? {} : { id: deliveryId }), name: queue, data: { deliveryId } })));
  return ids.length;
}

/**
 * Every SEQUENCE_SWEEP_INTERVAL_MS: positions for released versions that have none because
 * their release's own sequencing did not happen (the process died right after the commit, or
 * the database was briefly unreachable). Faster than cron allows, so a version waits at most
 * about that long; runs never overlap within a process, and across processes they serialize on
 * the sequence's lock.
 */
export function startSequenceSweep(intervalMs = SEQUENCE_SWEEP_INTERVAL_MS): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sequenceReleases()
      .then((result) => {
        if (result.assigned)
          logger.info({ assigned: result.assigned, lastPosition: String(result.lastPosition) }, "sequence sweep gave released versions their positions");
      })
      .catch((error: unknown) => logger.error({ err: error }, "sequence sweep failed; retrying at the next interval"))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Starts a job worker: queues, cron schedules (daily email at NOTIFY_HOUR on NOTIFY_DAYS in
 * America/New_York; delivery sweeper every minute), the release sequence's sweep (every
 * second) and handlers. Several workers may run against one database: cron fires once per slot
 * across them, each delivery is claimed by one, and sequencers take turns.
 */
export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const boss = await createBoss({
    worker: true,
    schedule: options.schedule ?? true,
    ...(options.connectionString ? { connectionString: options.connectionString } : {}),
  });
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };

  if (options.schedule ?? true) {
    const schedule = notifySchedule();
    await boss.schedule(QUEUES.dailyNotifications, cronExpression(schedule), {}, { tz: REPORTING_TIME_ZONE });
    await boss.schedule(QUEUES.sweep, "* * * * *", {}, { tz: "UTC" });
    await boss.schedule(QUEUES.retention, "17 * * * *", {}, { tz: "UTC" });
    await boss.schedule(QUEUES.passwordReminders, "0 7 * * *", {}, { tz: REPORTING_TIME_ZONE });
  }

  // `at` (ISO time) lets an operator re-run the plan for an earlier slot; cron sends no data.
  await boss.work<{ at?: string }>(QUEUES.dailyNotifications, polling, async ([job]) => {
    const at = job?.data?.at ? new Date(job.data.at) : new Date();
    await runDailyJob(boss, Number.isNaN(at.getTime()) ? new Date() : at);
  });
  await boss.work<DeliveryJob>(QUEUES.sendNotification, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    const outcome = await deliverNotification(job.data.deliveryId, { finalAttempt: isFinal(job) });
    if (outcome.status === "failed" && !outcome.final) throw new RetryLater(outcome.error);
    if (outcome.status === "busy") throw new RetryLater("another worker is sending this email");
  });
  await boss.work<DeliveryJob>(QUEUES.deliverWebhook, { ...polling, batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    const outcome = await deliverWebhook(job.data.deliveryId, { finalAttempt: isFinal(job) });
    if (outcome.status === "failed" && !outcome.final) throw new RetryLater(outcome.error);
    if (outcome.status === "busy") throw new RetryLater("another worker is delivering this event");
  });
  await boss.work(QUEUES.sweep, polling, async () => {
    const found = await findOrphanedDeliveries();
    await enqueueWith(boss, QUEUES.sendNotification, found.notifications);
    await enqueueWith(boss, QUEUES.deliverWebhook, found.webhooks);
    await enqueueWith(boss, QUEUES.sendNotification, found.staleNotifications, true);
    await enqueueWith(boss, QUEUES.deliverWebhook, found.staleWebhooks, true);
  });

  await boss.work(QUEUES.retention, polling, async () => {
    logger.info({ ...(await applyRetention(readSettings())) }, "retention applied");
  });

  await boss.work(QUEUES.passwordReminders, polling, async () => {
    const outcome = await sendPasswordExpiryReminders();
    logger.info(outcome, "password expiry reminders");
  });

  await registerSftpDelivery(boss, polling, { schedule: options.schedule ?? true });
  const stopSequenceSweep = (options.schedule ?? true) ? startSequenceSweep() : () => {};

  registerBoss(boss);
  logger.info({ schedule: options.schedule ?? true }, "job worker started");
  return {
    boss,
    async stop(timeoutMs = 10_000) {
      stopSequenceSweep();
      unregisterBoss(boss);
      await boss.stop({ graceful: true, timeout: timeoutMs, wait: true });
      closeMailTransports();
    },
  };
}
