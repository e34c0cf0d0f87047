import { describe, expect, it } from "vitest";
import { addDays, formatLongDate, isIsoDate, reportingYearStart, retentionStart, startOfZonedDay, zonedIsoDate } from "./dates";

describe("reporting calendar (America/New_York)", () => {
  it("starts the reporting year on the latest July 1", () => {
    expect(reportingYearStart(new Date("2026-11-22T12:00:00Z")).toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(reportingYearStart(new Date("2026-06-30T12:00:00Z")).toISOString()).toBe("2025-07-01T04:00:00.000Z");
  });

  it("uses New York midnight, not UTC, at the year boundary", () => {
    // 02:00 UTC on July 1 is still June 30 in New York.
    expect(reportingYearStart(new Date("2026-07-01T02:00:00Z")).toISOString()).toBe("2025-07-01T04:00:00.000Z");
  });

  it("keeps reports back to two Julys ago", () => {
    expect(retentionStart(new Date("2026-11-22T12:00:00Z")).toISOString()).toBe("2025-07-01T04:00:00.000Z");
  });

  it("moves to the next reporting year at New York midnight on July 1, whatever was asked before", () => {
    // The year is kept between calls: each answer must still be the one for its own instant.
    const cases: Array<[string, string, string]> = [
      ["2026-07-01T03:59:59.999Z", "2025-07-01T04:00:00.000Z", "2024-07-01T04:00:00.000Z"],
      ["2026-07-01T04:00:00.000Z", "2026-07-01T04:00:00.000Z", "2025-07-01T04:00:00.000Z"],
      ["2026-07-01T03:59:59.999Z", "2025-07-01T04:00:00.000Z", "2024-07-01T04:00:00.000Z"],
      ["2031-01-01T00:00:00.000Z", "2030-07-01T04:00:00.000Z", "2029-07-01T04:00:00.000Z"],
      ["2025-07-01T04:00:00.000Z", "2025-07-01T04:00:00.000Z", "2024-07-01T04:00:00.000Z"],
      ["2025-06-30T12:00:00.000Z", "2024-07-01T04:00:00.000Z", "2023-07-01T04:00:00.000Z"],
    ];
    for (const [at, year, retention] of cases) {
      expect([reportingYearStart(new Date(at)).toISOString(), retentionStart(new Date(at)).toISOString()], at).toEqual([year, retention]);
    }
    // Callers get their own Date.
    const a = reportingYearStart(new Date("2026-08-01T00:00:00Z"));
    a.setTime(0);
    expect(reportingYearStart(new Date("2026-08-01T00:00:00Z")).toISOString()).toBe("2026-07-01T04:00:00.000Z");
  });

  it("handles standard time and DST when starting a day", () => {
    expect(startOfZonedDay("2026-01-15").toISOString()).toBe("2026-01-15T05:00:00.000Z");
    expect(startOfZonedDay("2026-03-08").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfZonedDay("2026-03-09").toISOString()).toBe("2026-03-09T04:00:00.000Z");
    expect(zonedIsoDate(new Date("2026-03-09T03:59:00Z"))).toBe("2026-03-08");
  });

  it("formats and validates dates", () => {
    expect(formatLongDate(new Date("2025-04-08T15:00:00Z"))).toBe("April 8, 2025");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-13-01")).toBe(false);
  });
});
