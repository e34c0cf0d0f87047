import { reportingYearStart, startOfZonedDay, zonedIsoDate } from "@/lib/dates";

/**
 * The K-12 calendar. Scores of the May administration are released in July, so the most
 * recent administration whose scores are out is the year of the reporting year's July 1
 * (the same July 1 rule as the higher-ed portal). A school year is named by its spring:
 * school year 2025 is 2024-25, whose exams are the 2025 administration.
 */
export function releasedAdminYear(now = new Date()): number {
  return Number(zonedIsoDate(reportingYearStart(now)).slice(0, 4));
}

/** "2024-25" for school year 2025. */
export function schoolYearLabel(schoolYear: number): string {
  return `${schoolYear - 1}-${String(schoolYear % 100).padStart(2, "0")}`;
}

/**
 * District access runs from August 1 through July 31 of the following year (reporting time
 * zone). `startYear` is the year of the August 1. The end is exclusive: August 1 next year.
 */
export function districtWindow(startYear: number): { validFrom: Date; expiresAt: Date } {
  return { validFrom: startOfZonedDay(`${startYear}-08-01`), expiresAt: startOfZonedDay(`${startYear + 1}-08-01`) };
}

/** The district window containing `now`. */
export function currentDistrictWindowStartYear(now = new Date()): number {
  const iso = zonedIsoDate(now);
  const year = Number(iso.slice(0, 4));
  return iso.slice(5) >= "08-01" ? year : year - 1;
}

/**
 * A school's access code is issued each year to view that year's scores ("an access code to
 * view 2025 scores online"); it works until the next year's scores are released (July 1).
 */
export function schoolCodeExpiry(adminYear: number): Date {
  return startOfZonedDay(`${adminYear + 1}-07-01`);
}

/** "August 1, 2025 – July 31, 2026" for the window starting in 2025. */
export function districtWindowLabel(startYear: number): string {
  return `August 1, ${startYear} – July 31, ${startYear + 1}`;
}
