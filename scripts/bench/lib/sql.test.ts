import { describe, expect, it } from "vitest";
import { inlineParameters } from "@/scripts/bench/lib/sql";

describe("inlineParameters", () => {
  it("writes each parameter as a literal, $10 before $1", () => {
    const values = ["a'b", 2, 3, 4, 5, 6, 7, 8, 9, ["1", "2"]];
    expect(inlineParameters("SELECT $1, $10::bigint[], $2", values)).toBe("SELECT 'a''b', '{\"1\",\"2\"}'::bigint[], 2");
  });

  it("writes dates as timestamptz, empty arrays and nulls", () => {
    expect(inlineParameters("$1 $2 $3", [new Date("2026-07-01T04:00:00Z"), [], null])).toBe("'2026-07-01T04:00:00.000Z'::timestamptz '{}' NULL");
  });
});
