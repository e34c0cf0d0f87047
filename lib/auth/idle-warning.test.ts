import { describe, expect, it } from "vitest";
import { formatCountdown, idlePhase } from "@/lib/auth/idle-warning";

const MIN = 60_000;

describe("idle-session warning", () => {
  it("stays quiet for the first 28 minutes, warns in the last two, and ends at 30", () => {
    const start = Date.UTC(2026, 0, 5, 12);
    expect(idlePhase(start, start)).toEqual({ phase: "active" });
    expect(idlePhase(start, start + 28 * MIN - 1000)).toEqual({ phase: "active" });
    expect(idlePhase(start, start + 28 * MIN)).toEqual({ phase: "warning", secondsLeft: 120 });
    expect(idlePhase(start, start + 29 * MIN + 55_500)).toEqual({ phase: "warning", secondsLeft: 5 });
    expect(idlePhase(start, start + 30 * MIN)).toEqual({ phase: "expired" });
  });

  it("counts down in minutes and seconds", () => {
    expect([formatCountdown(120), formatCountdown(65), formatCountdown(9), formatCountdown(-3)]).toEqual(["2:00", "1:05", "0:09", "0:00"]);
  });
});
