import { describe, expect, it } from "vitest";
import { ACCOUNT_FAILURE_CAP, HARD_LOCK_UNTIL, accountLockScheduleSeconds, isHardLocked, lockAfterFailures, lockMessage } from "./rules";

const now = new Date("2026-11-22T12:00:00Z");

describe("lockAfterFailures", () => {
  it("lets the first four failures through without a lock", () => {
    for (let n = 1; n <= 4; n++) expect(lockAfterFailures(n, now)).toBeNull();
  });

  it("pauses on every fifth failure for longer each time, up to a day", () => {
    const minutes = (n: number) => (lockAfterFailures(n, now)!.getTime() - now.getTime()) / 60_000;
    expect(minutes(5)).toBe(1);
    expect(minutes(10)).toBe(5);
    expect(minutes(15)).toBe(15);
    expect(minutes(20)).toBe(30);
    expect(minutes(45)).toBe(960);
    expect(minutes(50)).toBe(1440);
    expect(minutes(ACCOUNT_FAILURE_CAP)).toBe(1440);
    expect(lockAfterFailures(6, now)).toBeNull();
    expect(accountLockScheduleSeconds()).toHaveLength(ACCOUNT_FAILURE_CAP / 5);
  });

  it("never hard-locks from failures: only an administrator's lock is permanent", () => {
    expect(isHardLocked(lockAfterFailures(ACCOUNT_FAILURE_CAP, now))).toBe(false);
    expect(isHardLocked(HARD_LOCK_UNTIL)).toBe(true);
    expect(lockMessage(HARD_LOCK_UNTIL, now)).toMatch(/administrator/);
  });

  it("tells the user how long the lock lasts", () => {
    expect(lockMessage(new Date(now.getTime() + 4.5 * 60_000), now)).toMatch(/5 more minutes/);
  });
});
