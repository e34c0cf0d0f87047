import { describe, expect, it } from "vitest";
import { addDays, zonedIsoDate } from "@/lib/dates";
import { BulkFileIdSchema, BulkFileRequestSchema, BulkPageQuerySchema } from "@/lib/bulk/schema";

function errors(input: unknown): Record<string, string> {
  const parsed = BulkFileRequestSchema.safeParse(input);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("BulkFileRequestSchema", () => {
  it("accepts the three options in both formats", () => {
    for (const format of ["TXT", "CSV"]) {
      expect(BulkFileRequestSchema.parse({ format, type: "FULL" })).toEqual({ format, type: "FULL" });
      expect(BulkFileRequestSchema.parse({ format, type: "INCREMENTAL" }).type).toBe("INCREMENTAL");
      expect(BulkFileRequestSchema.parse({ format, type: "CUSTOM", start: "2025-07-01", end: "2025-07-31" })).toMatchObject({
        start: "2025-07-01",
        end: "2025-07-31",
      });
    }
  });

  it("ignores dates sent with a full or incremental file (the form keeps them when the option changes)", () => {
    expect(BulkFileRequestSchema.safeParse({ format: "TXT", type: "FULL", start: "", end: "" }).success).toBe(true);
  });

  it("refuses unknown formats and options, naming the field", () => {
    expect(errors({ format: "PDF", type: "FULL" })).toEqual({ format: "Choose a file format: TXT or CSV." });
    expect(errors({ format: "txt", type: "FULL" })).toHaveProperty("format");
    expect(errors({ format: "TXT", type: "NEW" })).toHaveProperty("type");
    expect(errors({ format: "TXT" })).toHaveProperty("type");
  });

  it("requires both dates of a custom range, as real calendar dates", () => {
    expect(errors({ format: "TXT", type: "CUSTOM" })).toEqual({
      start: "Enter a start date for the custom date range.",
      end: "Enter an end date for the custom date range.",
    });
    expect(errors({ format: "TXT", type: "CUSTOM", start: "2025-02-30", end: "2025-03-01" })).toHaveProperty("start");
    expect(errors({ format: "TXT", type: "CUSTOM", start: "07/01/2025", end: "2025-07-02" })).toHaveProperty("start");
  });

  it("refuses a start after the end and an end after today", () => {
    expect(errors({ format: "CSV", type: "CUSTOM", start: "2025-08-02", end: "2025-08-01" })).toEqual({
      end: "The end date must be on or after the start date.",
    });
    const today = zonedIsoDate(new Date());
    expect(errors({ format: "CSV", type: "CUSTOM", start: today, end: today })).toEqual({});
    expect(errors({ format: "CSV", type: "CUSTOM", start: today, end: addDays(today, 1) })).toEqual({ end: "The end date cannot be after today." });
  });

  it("takes an institution only as a UUID", () => {
    expect(errors({ format: "TXT", type: "FULL", institutionId: "5818" })).toHaveProperty("institutionId");
    expect(BulkFileRequestSchema.safeParse({ format: "TXT", type: "FULL", institutionId: "7f1d7d6e-2f0a-4a52-9a3c-0d6c2b1e4f11" }).success).toBe(true);
  });
});

describe("BulkPageQuerySchema and BulkFileIdSchema", () => {
  it("drops a malformed ?institution instead of failing the page", () => {
    expect(BulkPageQuerySchema.parse({ institution: "x' OR 1=1" })).toEqual({});
    expect(BulkPageQuerySchema.parse({ institution: ["a", "b"] })).toEqual({});
  });

  it("accepts only bigint-sized numeric file ids", () => {
    expect(BulkFileIdSchema.safeParse("42").success).toBe(true);
    for (const bad of ["", "-1", "1e3", "12345678901234567890", "abc"]) expect(BulkFileIdSchema.safeParse(bad).success).toBe(false);
  });
});
