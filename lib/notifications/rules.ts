import { z } from "zod";
import { REPORTING_TIME_ZONE, env } from "@/lib/env";
import { addDays, startOfZonedDay, zonedIsoDate, formatDateTime } from "@/lib/dates";

// ───────────────────────────── schedule ─────────────────────────────

/**
 * When daily emails go out: at NOTIFY_HOUR (0-23, default 7) in the reporting time zone, on the
 * days NOTIFY_DAYS names ("mon-fri", the default like the real service; "daily"; or a list
 * such as "mon,wed,fri" or "sun-thu"). Each email covers the time since the previous
 * scheduled send, so reports released over a weekend are announced on Monday rather than
 * never. Pure: no I/O.
 */

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
  for (const part of v
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
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

export function notifySchedule(source: { NOTIFY_DAYS?: string | undefined; NOTIFY_HOUR?: string | number | undefined } = env()): NotifySchedule {
  const parsed = ScheduleEnv.safeParse({
    NOTIFY_DAYS: source.NOTIFY_DAYS || undefined,
    NOTIFY_HOUR: source.NOTIFY_HOUR === "" ? undefined : source.NOTIFY_HOUR,
  });
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

// ───────────────────────────── the email ─────────────────────────────

/** The notification email's words. Pure: data in, subject and bodies out. */

export interface NotificationEmailInput {
  kind: "DAILY" | "TEST";
  firstName: string;
  institutionName: string;
  diCode: string;
  reportCount: number;
  windowStart: Date;
  windowEnd: Date;
  /** Where the portal lives, e.g. https://scores.example.edu */
  baseUrl: string;
  organizationId: string;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** "5 new score reports" / "1 new score report" */
export function reportCountPhrase(count: number): string {
  return `${count} new score report${count === 1 ? "" : "s"}`;
}

export function composeNotificationEmail(input: NotificationEmailInput): ComposedEmail {
  const base = input.baseUrl.replace(/\/+$/, "");
  const portalLink = `${base}/bulk?institution=${encodeURIComponent(input.organizationId)}`;
  const settingsLink = `${base}/notifications`;
  const window = `from ${formatDateTime(input.windowStart)} to ${formatDateTime(input.windowEnd)} (time zone ${REPORTING_TIME_ZONE})`;
  const test = input.kind === "TEST";
  const subject = `${test ? "[Test] " : ""}New AP score reports for ${input.institutionName} (DI code ${input.diCode})`;
  const lead = test
    ? `This is a test notification you requested. A daily notification would say: ${reportCountPhrase(input.reportCount)} released to ${input.institutionName} (DI code ${input.diCode}) ${window}.`
    : `${reportCountPhrase(input.reportCount)} ${input.reportCount === 1 ? "was" : "were"} released to ${input.institutionName} (DI code ${input.diCode}) ${window}.`;
  const text = [
    `Hello ${input.firstName},`,
    "",
    lead,
    "",
    `Sign in to AP Higher Education Score Reports to download them: ${portalLink}`,
    "Your incremental file (TXT or CSV, in the portal or through the web service) contains every report released since your last full or incremental download.",
    "",
    `You receive this email because notifications are on for ${input.institutionName}. Change this at ${settingsLink}`,
  ].join("\n");
  const html = [
    `<p>Hello ${escapeHtml(input.firstName)},</p>`,
    `<p>${escapeHtml(lead)}</p>`,
    `<p><a href="${escapeHtml(portalLink)}">Sign in to AP Higher Education Score Reports</a> to download them. Your incremental file (TXT or CSV, in the portal or through the web service) contains every report released since your last full or incremental download.</p>`,
    `<p style="color:#555">You receive this email because notifications are on for ${escapeHtml(input.institutionName)}. <a href="${escapeHtml(settingsLink)}">Manage notifications</a>.</p>`,
  ].join("\n");
  return { subject, text, html };
}
