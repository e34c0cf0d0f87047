import { describe, expect, it } from "vitest";
import { percentile, round, summarize } from "@/scripts/bench/lib/stats";

describe("benchmark statistics", () => {
  it("uses nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it("summarizes unsorted samples", () => {
    const s = summarize([5, 1, 4, 2, 3]);
    expect(s).toMatchObject({ n: 5, p50: 3, max: 5, mean: 3 });
  });

  it("rounds to significant digits", () => {
    expect(round(1234.567)).toBe(1235);
    expect(round(0.012345)).toBe(0.0123);
    expect(round(12.345)).toBe(12.3);
  });
});
