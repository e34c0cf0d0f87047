/**
 * When an SFTP delivery runs. Pure: no I/O. Times are wall-clock times in the reporting time
 * zone (America/New_York), like the daily emails. "After each release" has no slots: the
 * worker checks for new score reports every minute (and right after a release).
 */
import { addDays, startOfZonedDay, zonedIsoDate } from "@/lib/dates";
import { REPORTING_TIME_ZONE } from "@/lib/env";

export { SCHEDULES, SCHEDULE_LABELS, WEEKDAY_LABELS, scheduleUses, type Schedule, type ScheduleSettings } from "@/lib/sftp-delivery/schedule-options";
import type { ScheduleSettings } from "@/lib/sftp-delivery/schedule-options";

function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000);
}

function weekday(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

function runsOn(settings: ScheduleSettings, isoDate: string): boolean {
  switch (settings.schedule) {
    case "DAILY":
      return true;
    case "WEEKDAYS":
      return weekday(isoDate) >= 1 && weekday(isoDate) <= 5;
    case "EVERY_OTHER_DAY":
      return dayNumber(isoDate) % 2 === 0;
    case "WEEKLY":
      return weekday(isoDate) === settings.day;
    case "BIWEEKLY":
      // Even weeks counted from the epoch, so the fortnight does not drift with restarts.
      return weekday(isoDate) === settings.day && Math.floor((dayNumber(isoDate) + 4) / 7) % 2 === 0;
    case "MONTHLY":
      return Number(isoDate.slice(8, 10)) === settings.day;
    default:
      return false;
  }
}

const clock = new Intl.DateTimeFormat("en-US", { timeZone: REPORTING_TIME_ZONE, hourCycle: "h23", hour: "2-digit", minute: "2-digit" });

function minutesOfDay(instant: Date): number {
  const parts = Object.fromEntries(clock.formatToParts(instant).map((p) => [p.type, p.value]));
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/** The instant of `time` on a calendar date in the reporting zone. */
function at(isoDate: string, time: string): Date {
  const [h, m] = time.split(":").map(Number) as [number, number];
  const wanted = h * 60 + m;
  const guess = new Date(startOfZonedDay(isoDate).getTime() + wanted * 60_000);
  // On a DST change day, midnight plus the hours lands an hour off the wall clock: correct it.
  const drift = wanted - minutesOfDay(guess);
  return Math.abs(drift) <= 60 ? new Date(guess.getTime() + drift * 60_000) : guess;
}

/**
 * The latest scheduled moment at or before `now` (null for "after each release").
 * A run is due when this is later than the slot of the previous run.
 */
export function latestSlot(settings: ScheduleSettings, now: Date): Date | null {
  if (settings.schedule === "AFTER_RELEASE") return null;
  if (settings.schedule === "HOURLY") return new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const today = zonedIsoDate(now);
  // Monthly schedules need up to a month of look-back.
  for (let back = 0; back <= 62; back++) {
    const date = addDays(today, -back);
    if (!runsOn(settings, date)) continue;
    const slot = at(date, settings.time);
    if (slot <= now) return slot;
  }
  return null;
}

/** The next scheduled moment after `now` (null for "after each release"), for the page. */
export function nextSlot(settings: ScheduleSettings, now: Date): Date | null {
  if (settings.schedule === "AFTER_RELEASE") return null;
  if (settings.schedule === "HOURLY") return new Date((Math.floor(now.getTime() / 3_600_000) + 1) * 3_600_000);
  const today = zonedIsoDate(now);
  for (let ahead = 0; ahead <= 62; ahead++) {
    const date = addDays(today, ahead);
    if (!runsOn(settings, date)) continue;
    const slot = at(date, settings.time);
    if (slot > now) return slot;
  }
  return null;
}

/** Whether a scheduled run is due: a slot has passed since the last one a run was started for. */
export function isDue(settings: ScheduleSettings, lastSlotAt: Date | null, now: Date): { due: boolean; slot: Date | null } {
  const slot = latestSlot(settings, now);
  if (!slot) return { due: false, slot: null };
  return { due: !lastSlotAt || slot > lastSlotAt, slot };
}
