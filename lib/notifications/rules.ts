/**
 * When daily emails go out: at NOTIFY_HOUR (0-23, default 7) in the reporting time zone, on the
 * days NOTIFY_DAYS names ("mon-fri", the default like the real service; "daily"; or a list
 * such as "mon,wed,fri" or "sun-thu"). Each email covers the time since the previous
 * scheduled send, so reports released over a weekend are announced on Monday rather than
 * never. Pure: no I/O.
 */
import { z } from "zod";
import { REPORTING_TIME_ZONE } from "@/lib/env";
import { addDays, startOfZonedDay, zonedIsoDate } from "@/lib/dates";

export const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
const DAY_LABELS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export interface NotifySchedule {
  /** Days of the week (0 = Sunday) on which the email is sent. */
  days: ReadonlySet<number>;
  hour: number;
  timeZone: string;
}

function dayIndex(name: string): number {
  const i = DAY_NAMES.indexOf(name.slice(0, 3) as (typeof DAY_NAMES)[number]);
  if (i < 0) throw new Error(`unknown day "${name}"`);
  return i;
}

/** "mon-fri" | "daily" | "weekdays" | "mon,wed,fri" | "sat-sun" → day indexes. */
export function parseNotifyDays(value: string): Set<number> {
  const v = value.trim().toLowerCase();
  if (v === "daily" || v === "every day" || v === "all") return new Set([0, 1, 2, 3, 4, 5, 6]);
  if (v === "weekdays") return new Set([1, 2, 3, 4, 5]);
  const days = new Set<number>();
  for (const part of v.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [from, to] = part.split("-").map((p) => p.trim());
    if (to === undefined) {
      days.add(dayIndex(from!));
      continue;
    }
    // Ranges may wrap around the week ("fri-mon").
    for (let d = dayIndex(from!), n = 0; n < 7; d = (d + 1) % 7, n++) {
      days.add(d);
      if (d === dayIndex(to)) break;
    }
  }
  if (!days.size) throw new Error("no days given");
  return days;
}

const ScheduleEnv = z.object({
  NOTIFY_DAYS: z
    .string()
    .default("mon-fri")
    .transform((v, ctx) => {
      try {
        return parseNotifyDays(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `NOTIFY_DAYS: ${(error as Error).message} (use e.g. "mon-fri" or "daily")` });
        return z.NEVER;
      }
    }),
  NOTIFY_HOUR: z.coerce.number().int().min(0).max(23).default(7),
});

export function notifySchedule(source: Record<string, string | undefined> = process.env): NotifySchedule {
  const parsed = ScheduleEnv.safeParse({ NOTIFY_DAYS: source.NOTIFY_DAYS || undefined, NOTIFY_HOUR: source.NOTIFY_HOUR || undefined });
  if (!parsed.success) throw new Error(`Invalid notification schedule: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return { days: parsed.data.NOTIFY_DAYS, hour: parsed.data.NOTIFY_HOUR, timeZone: REPORTING_TIME_ZONE };
}

/** The cron line for pg-boss (evaluated in the schedule's time zone). */
export function cronExpression(schedule: NotifySchedule): string {
  const days = [...schedule.days].sort((a, b) => a - b);
  return `0 ${schedule.hour} * * ${days.length === 7 ? "*" : days.join(",")}`;
}

const hourFormatter = new Intl.DateTimeFormat("en-US", { timeZone: REPORTING_TIME_ZONE, hourCycle: "h23", hour: "2-digit" });

function zonedHour(instant: Date): number {
  return Number(hourFormatter.format(instant)) % 24;
}

/** The instant `hour`:00 on a calendar date in the reporting zone (correct across DST changes). */
export function zonedHourInstant(isoDate: string, hour: number): Date {
  let t = startOfZonedDay(isoDate).getTime() + hour * 3_600_000;
  // On the days clocks change, midnight + N hours is an hour off; correct by the zone's own clock.
  const drift = hour - zonedHour(new Date(t));
  if (drift !== 0 && Math.abs(drift) <= 2) t += drift * 3_600_000;
  return new Date(t);
}

function weekday(isoDate: string): number {
  return new Date(`${isoDate}T00:00:00Z`).getUTCDay();
}

/** The latest scheduled send at or before `now`. */
export function slotAtOrBefore(now: Date, schedule: NotifySchedule): Date {
  const today = zonedIsoDate(now);
  for (let i = 0; i <= 7; i++) {
    const date = addDays(today, -i);
    if (!schedule.days.has(weekday(date))) continue;
    const slot = zonedHourInstant(date, schedule.hour);
    if (slot.getTime() <= now.getTime()) return slot;
  }
  throw new Error("schedule has no days");
}

/** The first scheduled send strictly after `now`. */
export function nextSlotAfter(now: Date, schedule: NotifySchedule): Date {
  const today = zonedIsoDate(now);
  for (let i = 0; i <= 8; i++) {
    const date = addDays(today, i);
    if (!schedule.days.has(weekday(date))) continue;
    const slot = zonedHourInstant(date, schedule.hour);
    if (slot.getTime() > now.getTime()) return slot;
  }
  throw new Error("schedule has no days");
}

/** The window a daily email sent at `now` reports on: from the previous send to the latest one. */
export function dailyWindow(now: Date, schedule: NotifySchedule): { start: Date; end: Date } {
  const end = slotAtOrBefore(now, schedule);
  const start = slotAtOrBefore(new Date(end.getTime() - 1), schedule);
  return { start, end };
}

/** "Weekdays (Monday to Friday) at 7:00 AM Eastern Time" */
export function describeSchedule(schedule: NotifySchedule): string {
  const days = [...schedule.days].sort((a, b) => a - b);
  const hour12 = schedule.hour % 12 === 0 ? 12 : schedule.hour % 12;
  const at = `${hour12}:00 ${schedule.hour < 12 ? "AM" : "PM"} Eastern Time (${schedule.timeZone})`;
  if (days.length === 7) return `Every day at ${at}`;
  if (days.join() === "1,2,3,4,5") return `Weekdays (Monday to Friday) at ${at}`;
  return `${days.map((d) => DAY_LABELS[d]).join(", ")} at ${at}`;
}
