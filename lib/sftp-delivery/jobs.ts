import type PgBoss from "pg-boss";
import { runningBoss } from "@/lib/jobs/boss";
import { QUEUES, type SftpDeliveryJob } from "@/lib/jobs/queues";
import { logger } from "@/lib/logger";
import { runSftpDelivery } from "@/lib/sftp-delivery/deliver";
import { destinationsAfterRelease, dueDestinations } from "@/lib/sftp-delivery/due";

async function startRuns(boss: PgBoss, destinationIds: string[]): Promise<void> {
  if (destinationIds.length) await boss.insert(destinationIds.map((destinationId) => ({ name: QUEUES.sftpDeliver, data: { destinationId } })));
}

/** Thrown so pg-boss retries the run later, with the queue's backoff. */
class RetryLater extends Error {}

/** The SFTP delivery queues of a worker: the minute tick and the runs it starts. */
export async function registerSftpDelivery(boss: PgBoss, polling: { pollingIntervalSeconds: number }, options: { schedule: boolean }): Promise<void> {
  if (options.schedule) await boss.schedule(QUEUES.sftpTick, "* * * * *", {}, { tz: "UTC" });
  await boss.work(QUEUES.sftpTick, polling, async () => {
    await startRuns(boss, await dueDestinations());
  });
  await boss.work<SftpDeliveryJob>(QUEUES.sftpDeliver, { ...polling, batchSize: 1 }, async ([job]) => {
    if (!job) return;
    const outcome = await runSftpDelivery(job.data.destinationId);
    if (outcome.status === "failed") throw new RetryLater(outcome.error);
    if (outcome.status === "delivered")
      logger.info({ destinationId: job.data.destinationId, fileName: outcome.fileName, records: outcome.records }, "SFTP delivery done");
  });
}

/**
 * Starts "after each release" deliveries of these institutions now rather than at the next
 * minute's tick. Best effort, never throws: the tick delivers them anyway.
 */
export async function kickDeliveriesAfterRelease(diCodes: string[], boss: PgBoss | null = runningBoss()): Promise<void> {
  if (!boss) return;
  try {
    await startRuns(boss, await destinationsAfterRelease(diCodes));
  } catch (error) {
    logger.error({ err: error }, "could not start SFTP deliveries after a release; the minute tick will");
  }
}
