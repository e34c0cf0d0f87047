import { pool, withPgTransaction } from "@/lib/db";
import { releaseBatch, resolveColleges, type ReleasedReport } from "@/lib/reports/release-engine";
import type { ReleaseInput } from "@/lib/reports/schema";
import { dispatchReleaseEvents, recordReleaseEvents } from "@/lib/webhooks/release-events";
import { kickDeliveriesAfterRelease } from "@/lib/sftp-delivery/jobs";
import { sequenceReleases } from "@/lib/bulk/sequence";
import { logger } from "@/lib/logger";

export type { ReleasedReport };

/**
 * Sends score reports to colleges: updates each student's cumulative record (exams and awards
 * are merged, never dropped) and releases a new version of the student's report at the
 * college. All reports of one call commit together or not at all.
 */
export async function releaseScoreReports(inputs: ReleaseInput[], now = new Date()): Promise<ReleasedReport[]> {
  const byCode = await resolveColleges(pool(), inputs);

  const { released, deliveryIds } = await withPgTransaction(async (tx) => {
    const released = await releaseBatch(tx, inputs, byCode, now);
    // Webhook events commit with the release, so a crash right after cannot lose them.
    const deliveryIds = await recordReleaseEvents(tx, released, now);
    return { released, deliveryIds };
  });
  // The versions committed without a position: give them theirs now, so the next "new" file
  // has them. A failure here loses nothing (the release is committed): the next file
  // generation or the worker's sweep sequences them, and "new" counts them meanwhile.
  await sequenceReleases().catch((error: unknown) => logger.error({ err: error }, "could not sequence released versions; the sweep will"));
  // Handing them to the job queue may fail; the sweeper then sends them (never throws).
  await dispatchReleaseEvents(deliveryIds);
  await kickDeliveriesAfterRelease([...byCode.keys()]);
  return released;
}

/** The most a release of many batches (a TXT upload) may keep its transaction open: 30 minutes. */
export const LONG_RELEASE_TIMEOUT_MS = 30 * 60_000;

/** One batch of a long release: its inputs and how to name report n of it in an error. */
export interface ReleaseChunk {
  inputs: ReleaseInput[];
  rethrow?: (error: unknown) => unknown;
}

/**
 * Releases any number of batches in ONE transaction: all of them commit or none does, yet
 * memory holds one batch at a time (each is handed to `onReleased` and dropped). Webhook
 * events are recorded once for the whole release, summed per institution, and the release
 * sequence numbers every version once, after the commit.
 */
export async function releaseScoreReportChunks(
  chunks: AsyncIterable<ReleaseChunk>,
  onReleased: (released: ReleasedReport[]) => Promise<void>,
  now = new Date(),
): Promise<{ count: number; diCodes: string[] }> {
  const perCode = new Map<string, { diCode: string; releasedAt: string; count: number }>();
  let count = 0;
  // A long file is one transaction by design, with a longer limit than a request's.
  const deliveryIds = await withPgTransaction(
    async (tx) => {
      for await (const chunk of chunks) {
        let released: ReleasedReport[];
        try {
          released = await releaseBatch(tx, chunk.inputs, await resolveColleges(tx, chunk.inputs), now);
        } catch (error) {
          throw chunk.rethrow ? chunk.rethrow(error) : error;
        }
        for (const r of released) {
          const entry = perCode.get(r.diCode) ?? { diCode: r.diCode, releasedAt: r.releasedAt, count: 0 };
          entry.count += 1;
          if (r.releasedAt > entry.releasedAt) entry.releasedAt = r.releasedAt;
          perCode.set(r.diCode, entry);
        }
        count += released.length;
        await onReleased(released);
      }
      return recordReleaseEvents(tx, [...perCode.values()], now);
    },
    { timeoutMs: LONG_RELEASE_TIMEOUT_MS },
  );
  await sequenceReleases().catch((error: unknown) => logger.error({ err: error }, "could not sequence released versions; the sweep will"));
  await dispatchReleaseEvents(deliveryIds);
  await kickDeliveriesAfterRelease([...perCode.keys()]);
  return { count, diCodes: [...perCode.keys()] };
}
