import { prisma } from "@/lib/db";
import { isDue } from "@/lib/sftp-delivery/schedule";

/** "After each release" destinations that keep failing wait this long between tries of the tick. */
const FAILING_RETRY_MS = 15 * 60_000;

/**
 * The destinations whose delivery should run now (called every minute by the worker):
 * "after each release" ones always (an empty result uploads nothing), scheduled ones once
 * per slot. Claiming the slot is a conditional UPDATE, so two workers never both take it.
 * A delivery that failed through all its job retries is tried again at the next slot.
 */
export async function dueDestinations(now = new Date()): Promise<string[]> {
  const destinations = await prisma.sftpDestination.findMany({
    where: { enabled: true },
    select: { id: true, schedule: true, scheduleTime: true, scheduleDay: true, lastSlotAt: true, consecutiveFailures: true, lastAttemptAt: true },
  });
  const due: string[] = [];
  for (const d of destinations) {
    if (d.schedule === "AFTER_RELEASE") {
      const resting = d.consecutiveFailures > 0 && d.lastAttemptAt && now.getTime() - d.lastAttemptAt.getTime() < FAILING_RETRY_MS;
      if (!resting) due.push(d.id);
      continue;
    }
    const check = isDue({ schedule: d.schedule, time: d.scheduleTime, day: d.scheduleDay }, d.lastSlotAt, now);
    if (!check.due || !check.slot) continue;
    const claimed = await prisma.sftpDestination.updateMany({ where: { id: d.id, lastSlotAt: d.lastSlotAt }, data: { lastSlotAt: check.slot } });
    if (claimed.count) due.push(d.id);
  }
  return due;
}

/** "After each release" destinations of institutions that just got reports. */
export async function destinationsAfterRelease(diCodes: string[]): Promise<string[]> {
  if (!diCodes.length) return [];
  const rows = await prisma.sftpDestination.findMany({
    where: { enabled: true, schedule: "AFTER_RELEASE", organization: { code: { in: diCodes }, kind: "COLLEGE" } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
