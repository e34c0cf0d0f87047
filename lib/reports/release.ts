import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { releaseBatch, type ReleasedReport } from "@/lib/reports/release-engine";
import type { ReleaseInput } from "@/lib/reports/schema";
import { dispatchReleaseEvents, recordReleaseEvents } from "@/lib/webhooks/release-events";

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
  // Release sequence (issue 12): the one call site that numbers this batch's versions, once per
  // batch right after the commit, goes here.
  // Handing them to the job queue may fail; the sweeper then sends them (never throws).
  await dispatchReleaseEvents(deliveryIds);
  return released;
}
