import { describe, expect, it } from "vitest";
import { isVisible } from "./snapshot";

describe("isVisible", () => {
  const snap = { xmin: 100n, xmax: 110n, xip: [103n, 107n] };
  it("sees transactions that committed before the snapshot", () => {
    expect(isVisible(99n, snap)).toBe(true);
    expect(isVisible(104n, snap)).toBe(true);
  });
  it("does not see transactions still running or started after it", () => {
    expect(isVisible(103n, snap)).toBe(false);
    expect(isVisible(107n, snap)).toBe(false);
    expect(isVisible(110n, snap)).toBe(false);
    expect(isVisible(250n, snap)).toBe(false);
  });
});
