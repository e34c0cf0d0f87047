import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { releaseBatch, type ReleasedReport } from "@/lib/reports/release-engine";
import type { ReleaseInput } from "@/lib/reports/schema";
import { dispatchReleaseEvents, recordReleaseEvents } from "@/lib/webhooks/release-events";
import { sequenceReleases } from "@/lib/bulk/sequence";
import { logger } from "@/lib/logger";

export type { ReleasedReport };

/**
 * Sends score reports to colleges: updates each student's cumulative record (exams and awards
 * are merged, never dropped) and releases a new version of the student's report at the
 * college. All reports of one call commit together or not at all.
 */
export async function releaseScoreReports(inputs: ReleaseInput[], now = new Date()): Promise<ReleasedReport[]> {
  const diCodes = [...new Set(inputs.map((i) => i.diCode))];
  const colleges = await prisma.organization.findMany({
    where: { kind: "COLLEGE", code: { in: diCodes } },
    select: { id: true, code: true, name: true, contactName: true, addressLines: true, city: true, state: true, zip: true },
  });
  const byCode = new Map(colleges.map((c) => [c.code, c]));
  inputs.forEach((input, index) => {
    if (!byCode.has(input.diCode)) {
      throw new AppError("BAD_REQUEST", `reports.${index}.diCode: no institution has DI code ${input.diCode}`, { field: `reports.${index}.diCode` });
    }
  });

  const { released, deliveryIds } = await prisma.$transaction(
    async (tx) => {
      const released = await releaseBatch(tx, inputs, byCode, now);
      // Webhook events commit with the release, so a crash right after cannot lose them.
      const deliveryIds = await recordReleaseEvents(tx, released, now);
      return { released, deliveryIds };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  // The versions committed without a position: give them theirs now, so the next "new" file
  // has them. A failure here loses nothing (the release is committed): the next file
  // generation or the worker's sweep sequences them, and "new" counts them meanwhile.
  await sequenceReleases().catch((error: unknown) => logger.error({ err: error }, "could not sequence released versions; the sweep will"));
  // Handing them to the job queue may fail; the sweeper then sends them (never throws).
  await dispatchReleaseEvents(deliveryIds);
  return released;
}
