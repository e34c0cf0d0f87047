import { describe, expect, it } from "vitest";
import {
  cronExpression,
  dailyWindow,
  describeSchedule,
  nextSlotAfter,
  notifySchedule,
  parseNotifyDays,
  slotAtOrBefore,
  zonedHourInstant,
} from "@/lib/notifications/rules";

const weekdays = notifySchedule({});

describe("notification schedule", () => {
  it("defaults to weekdays at 7 AM New York time", () => {
    expect([...weekdays.days].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(weekdays.hour).toBe(7);
    expect(cronExpression(weekdays)).toBe("0 7 * * 1,2,3,4,5");
    expect(describeSchedule(weekdays)).toBe("Weekdays (Monday to Friday) at 7:00 AM Eastern Time (America/New_York)");
  });

  it("reads NOTIFY_DAYS and NOTIFY_HOUR, and rejects nonsense", () => {
    expect(cronExpression(notifySchedule({ NOTIFY_DAYS: "daily", NOTIFY_HOUR: "18" }))).toBe("0 18 * * *");
    expect([...parseNotifyDays("fri-mon")].sort()).toEqual([0, 1, 5, 6]);
    expect([...parseNotifyDays("mon, wed,fri")].sort()).toEqual([1, 3, 5]);
    expect(() => notifySchedule({ NOTIFY_DAYS: "someday" })).toThrow(/NOTIFY_DAYS/);
    expect(() => notifySchedule({ NOTIFY_HOUR: "25" })).toThrow(/schedule/);
  });

  it("places the hour in New York time across daylight saving changes", () => {
    expect(zonedHourInstant("2026-07-15", 7).toISOString()).toBe("2026-07-15T11:00:00.000Z"); // EDT
    expect(zonedHourInstant("2026-12-15", 7).toISOString()).toBe("2026-12-15T12:00:00.000Z"); // EST
    expect(zonedHourInstant("2026-03-08", 7).toISOString()).toBe("2026-03-08T11:00:00.000Z"); // spring forward day
    expect(zonedHourInstant("2026-11-01", 7).toISOString()).toBe("2026-11-01T12:00:00.000Z"); // fall back day
  });

  it("covers the time since the previous send: 24 hours midweek, the weekend on Monday", () => {
    const tuesday = new Date("2026-11-24T12:05:00Z"); // Tue 7:05 AM EST
    expect(dailyWindow(tuesday, weekdays)).toEqual({ start: new Date("2026-11-23T12:00:00Z"), end: new Date("2026-11-24T12:00:00Z") });
    const monday = new Date("2026-11-23T13:00:00Z");
    expect(dailyWindow(monday, weekdays)).toEqual({ start: new Date("2026-11-20T12:00:00Z"), end: new Date("2026-11-23T12:00:00Z") });
    const daily = notifySchedule({ NOTIFY_DAYS: "daily" });
    expect(dailyWindow(monday, daily).start).toEqual(new Date("2026-11-22T12:00:00Z"));
  });

  it("says when the next email is due", () => {
    const fridayEvening = new Date("2026-11-27T23:00:00Z");
    expect(nextSlotAfter(fridayEvening, weekdays)).toEqual(new Date("2026-11-30T12:00:00Z"));
    expect(slotAtOrBefore(new Date("2026-11-24T12:00:00Z"), weekdays)).toEqual(new Date("2026-11-24T12:00:00Z"));
  });
});
