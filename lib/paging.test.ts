import { describe, expect, it } from "vitest";
import { PageNumberSchema, describePage, pageOf, pageWindow } from "@/lib/paging";

describe("admin list pages", () => {
  it("reads ?page= leniently: anything but a positive whole number is page 1", () => {
    expect(["3", "1", "0", "-2", "x", undefined, "2.5"].map((v) => PageNumberSchema.parse(v))).toEqual([3, 1, 1, 1, 1, 1, 1]);
  });

  it("skips whole pages and counts pages from the true total", () => {
    expect(pageWindow(3, 50)).toEqual({ skip: 100, take: 50 });
    expect(pageOf([], 0, 1, 50).pages).toBe(1);
    expect(pageOf([], 100, 1, 50).pages).toBe(2);
    expect(pageOf([], 101, 1, 50).pages).toBe(3);
  });

  it("says which rows of how many are shown", () => {
    expect(describePage({ total: 1204, page: 2, pageSize: 50, shown: 50 })).toBe("Showing 51–100 of 1,204");
    expect(describePage({ total: 1204, page: 25, pageSize: 50, shown: 4 })).toBe("Showing 1,201–1,204 of 1,204");
    expect(describePage({ total: 0, page: 1, pageSize: 50, shown: 0 })).toBe("No results");
  });
});
