import { describe, expect, it } from "vitest";
import { isDue, latestSlot, nextSlot, type ScheduleSettings } from "@/lib/sftp-delivery/schedule";
import { deliveryFileName, stampOf } from "@/lib/sftp-delivery/file-name";

// Tuesday 2026-12-01 15:00 UTC = 10:00 in New York (EST).
const now = new Date("2026-12-01T15:00:00Z");
const s = (schedule: ScheduleSettings["schedule"], time = "06:00", day = 1): ScheduleSettings => ({ schedule, time, day });

describe("SFTP delivery schedule", () => {
  it("has no slots after each release, and hourly slots on the hour", () => {
    expect(latestSlot(s("AFTER_RELEASE"), now)).toBeNull();
    expect(latestSlot(s("HOURLY"), new Date("2026-12-01T15:42:10Z"))).toEqual(new Date("2026-12-01T15:00:00Z"));
    expect(nextSlot(s("HOURLY"), new Date("2026-12-01T15:42:10Z"))).toEqual(new Date("2026-12-01T16:00:00Z"));
  });

  it("reads times in the reporting time zone, across daylight saving time", () => {
    expect(latestSlot(s("DAILY", "06:00"), now)).toEqual(new Date("2026-12-01T11:00:00Z"));
    expect(latestSlot(s("DAILY", "11:30"), now)).toEqual(new Date("2026-11-30T16:30:00Z"));
    // Summer (EDT, UTC-4) and the day DST ends (2026-11-01: 06:00 is already EST).
    expect(latestSlot(s("DAILY", "06:00"), new Date("2026-07-01T12:00:00Z"))).toEqual(new Date("2026-07-01T10:00:00Z"));
    expect(latestSlot(s("DAILY", "06:00"), new Date("2026-11-01T12:00:00Z"))).toEqual(new Date("2026-11-01T11:00:00Z"));
  });

  it("skips weekends on weekdays, alternates days, and keeps weekly, biweekly and monthly days", () => {
    // Monday 2026-12-07 at 05:00 New York: the last weekday run was Friday.
    expect(latestSlot(s("WEEKDAYS"), new Date("2026-12-07T10:00:00Z"))).toEqual(new Date("2026-12-04T11:00:00Z"));
    const a = latestSlot(s("EVERY_OTHER_DAY"), now)!;
    const b = nextSlot(s("EVERY_OTHER_DAY"), now)!;
    expect(b.getTime() - a.getTime()).toBe(2 * 86_400_000);
    expect(latestSlot(s("WEEKLY", "06:00", 5), now)).toEqual(new Date("2026-11-27T11:00:00Z"));
    const fortnight = nextSlot(s("BIWEEKLY", "06:00", 2), now)!;
    expect(nextSlot(s("BIWEEKLY", "06:00", 2), new Date(fortnight.getTime() + 1000))!.getTime() - fortnight.getTime()).toBe(14 * 86_400_000);
    expect(latestSlot(s("MONTHLY", "06:00", 15), now)).toEqual(new Date("2026-11-15T11:00:00Z"));
  });

  it("is due once per slot", () => {
    const slot = latestSlot(s("DAILY"), now);
    expect(isDue(s("DAILY"), null, now)).toEqual({ due: true, slot });
    expect(isDue(s("DAILY"), slot, now)).toEqual({ due: false, slot });
    expect(isDue(s("AFTER_RELEASE"), null, now).due).toBe(false);
  });

  it("names files AP_<DI>_<timestamp>_new.<format>", () => {
    const name = deliveryFileName("5818", new Date("2026-11-22T15:30:00.456Z"), "CSV");
    expect(name).toBe("AP_5818_20261122T153000Z_new.csv");
    expect(stampOf(name)).toBe("20261122T153000Z");
  });
});
