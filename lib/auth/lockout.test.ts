import { describe, expect, it } from "vitest";
import { HARD_LOCK_FAILURES, isHardLocked, lockAfterFailures, lockMessage } from "./rules";

const now = new Date("2026-11-22T12:00:00Z");

describe("lockAfterFailures", () => {
  it("lets the first four failures through without a lock", () => {
    for (let n = 1; n <= 4; n++) expect(lockAfterFailures(n, now)).toBeNull();
  });

  it("locks on every fifth failure for longer each time", () => {
    const minutes = (n: number) => (lockAfterFailures(n, now)!.getTime() - now.getTime()) / 60_000;
    expect(minutes(5)).toBe(1);
    expect(minutes(10)).toBe(5);
    expect(minutes(15)).toBe(15);
    expect(minutes(20)).toBe(30);
    expect(lockAfterFailures(6, now)).toBeNull();
  });

  it("hard-locks at the 100th consecutive failure so no more are possible", () => {
    const until = lockAfterFailures(HARD_LOCK_FAILURES, now);
    expect(isHardLocked(until)).toBe(true);
    expect(lockMessage(until!, now)).toMatch(/administrator/);
  });

  it("tells the user how long the lock lasts", () => {
    expect(lockMessage(new Date(now.getTime() + 4.5 * 60_000), now)).toMatch(/5 more minutes/);
  });
});
