import { REPORTING_TIME_ZONE } from "@/lib/env";

/**
 * The reporting calendar. Reporting years start on July 1 at midnight in the reporting time
 * zone (America/New_York); the portal offers reports back to the July 1 before that
 * ("2 Julys ago"). Calendar dates ("YYYY-MM-DD") are always read in that zone.
 */

const partsFormatter = new Intl.DateTimeFormat("en-US", {
  timeZone: REPORTING_TIME_ZONE,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function zonedParts(instant: Date): ZonedParts {
  const out: Record<string, number> = {};
  for (const p of partsFormatter.formatToParts(instant)) if (p.type !== "literal") out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour!, minute: out.minute!, second: out.second! };
}

/** Minutes the reporting zone is ahead of UTC at `instant` (negative for New York). */
function offsetMinutes(instant: Date): number {
  const p = zonedParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a calendar date begins in the reporting zone. */
export function startOfZonedDay(isoDate: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - offsetMinutes(new Date(guess)) * 60_000;
  // Across a DST change the offset at the guess can differ from the offset at the answer.
  const corrected = guess - offsetMinutes(new Date(instant)) * 60_000;
  if (corrected !== instant) instant = corrected;
  return new Date(instant);
}

/** The calendar date ("YYYY-MM-DD") of an instant in the reporting zone. */
export function zonedIsoDate(instant: Date): string {
  const p = zonedParts(instant);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

interface ReportingYear {
  /** This reporting year's July 1, the one before it, and the next (epoch ms). */
  start: number;
  previous: number;
  next: number;
}

// The year every call is in, all year long: kept, the zone arithmetic (six formatToParts,
// some 50 µs a call) runs once a year instead of on every lookup and page.
let lastYear: ReportingYear | null = null;

function reportingYear(now: Date): ReportingYear {
  const t = now.getTime();
  if (lastYear && t >= lastYear.start && t < lastYear.next) return lastYear;
  const p = zonedParts(now);
  const year = p.month >= 7 ? p.year : p.year - 1;
  const julyFirst = (y: number) => startOfZonedDay(`${y}-07-01`).getTime();
  lastYear = { start: julyFirst(year), previous: julyFirst(year - 1), next: julyFirst(year + 1) };
  return lastYear;
}

/** July 1 (in the reporting zone) that starts the reporting year containing `now`. */
export function reportingYearStart(now = new Date()): Date {
  return new Date(reportingYear(now).start);
}

/** Oldest release still offered: the July 1 before the current reporting year's. */
export function retentionStart(now = new Date()): Date {
  return new Date(reportingYear(now).previous);
}

const longDate = new Intl.DateTimeFormat("en-US", { timeZone: REPORTING_TIME_ZONE, month: "long", day: "numeric", year: "numeric" });
const shortDate = new Intl.DateTimeFormat("en-US", { timeZone: REPORTING_TIME_ZONE, month: "2-digit", day: "2-digit", year: "numeric" });
const dateTime = new Intl.DateTimeFormat("en-US", {
  timeZone: REPORTING_TIME_ZONE,
  month: "short",
  day: "numeric",
  year: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
});

/** "April 8, 2025" */
export function formatLongDate(instant: Date): string {
  return longDate.format(instant);
}

/** "04/08/2025" */
export function formatShortDate(instant: Date): string {
  return shortDate.format(instant);
}

/** "Apr 8, 2025, 3:05 PM EDT" */
export function formatDateTime(instant: Date): string {
  return dateTime.format(instant);
}

/** "2006-04-05" → "04/05/2006" (dates of birth have no time zone). */
export function formatCalendarDate(isoDate: string | null): string {
  if (!isoDate) return "";
  const [y, m, d] = isoDate.split("-");
  return `${m}/${d}/${y}`;
}

/** Strictly a real calendar date in YYYY-MM-DD form. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
