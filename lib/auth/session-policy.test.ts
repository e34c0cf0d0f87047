import { describe, expect, it } from "vitest";
import { ABSOLUTE_TIMEOUT_SECONDS, IDLE_TIMEOUT_SECONDS, sessionExpired } from "./rules";

describe("sessionExpired", () => {
  const t0 = 1_800_000_000;
  it("keeps an active session", () => {
    expect(sessionExpired({ sia: t0, lsa: t0 + 3600 }, t0 + 3600 + 60)).toBe(false);
  });
  it("ends a session idle for more than 30 minutes", () => {
    expect(sessionExpired({ sia: t0, lsa: t0 }, t0 + IDLE_TIMEOUT_SECONDS + 1)).toBe(true);
  });
  it("ends a session 12 hours after sign-in even when active", () => {
    expect(sessionExpired({ sia: t0, lsa: t0 + ABSOLUTE_TIMEOUT_SECONDS }, t0 + ABSOLUTE_TIMEOUT_SECONDS + 1)).toBe(true);
  });
});
