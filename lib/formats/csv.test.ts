import { describe, expect, it } from "vitest";
import { CSV_LINE_ENDING, csvHeaderLine, csvQuote, toCsvFile, toCsvRow, txtLineToCsvRow } from "@/lib/formats/csv";
import type { StudentRecord } from "@/lib/formats/record";
import { sampleRecords } from "@/prisma/factories/records";
import { toTxtRecord } from "@/lib/formats/txt";
import { CSV_FIELDS, TXT_FIELDS } from "@/lib/formats/txt-layout";

/** A strict RFC 4180 reader for one row of quoted fields, independent of the code under test. */
function readRow(row: string): string[] {
  const values: string[] = [];
  let i = 0;
  while (i < row.length) {
    expect(row[i], `opening quote at ${i}`).toBe('"');
    let value = "";
    i++;
    for (;;) {
      const quote = row.indexOf('"', i);
      expect(quote, "closing quote").toBeGreaterThanOrEqual(0);
      value += row.slice(i, quote);
      if (row[quote + 1] === '"') {
        value += '"';
        i = quote + 2;
      } else {
        i = quote + 1;
        break;
      }
    }
    values.push(value);
    if (i < row.length) {
      expect(row[i], `separator at ${i}`).toBe(",");
      i++;
    }
  }
  return values;
}

function cell(row: string, key: string): string | undefined {
  return readRow(row)[CSV_FIELDS.findIndex((f) => f.key === key)];
}

function awkwardRecord(): StudentRecord {
  const record = sampleRecords(1, 5)[0]!;
  record.lastName = `O"Neil, Jr`;
  record.firstName = "José";
  record.address.lines = ["1 Long Street Name That Goes On And On", `Apt "B", rear`, "Newark"];
  record.address.zip = "07102";
  record.exams[0] = { ...record.exams[0]!, examCode: "07", irregularityCodes: ["04"], score: null };
  return record;
}

describe("CSV", () => {
  it("has a header of the quoted non-filler labels in layout order", () => {
    const header = readRow(csvHeaderLine());
    expect(header).toEqual(TXT_FIELDS.filter((f) => f.kind !== "filler").map((f) => f.label));
    expect(header.slice(0, 4)).toEqual(["AP ID", "Last Name", "First Name", "Middle Initial"]);
    expect(header).toContain("Exam 30 Class Section Code");
    expect(header).not.toContain("Filler 148-156");
    expect(csvHeaderLine().startsWith('"AP ID","Last Name",')).toBe(true);
  });

  it("quotes every value and doubles embedded quotes", () => {
    expect(csvQuote("")).toBe('""');
    expect(csvQuote("007")).toBe('"007"');
    expect(csvQuote(`say "hi", ok`)).toBe(`"say ""hi"", ok"`);
  });

  it("keeps commas and quotes inside a value and one cell per column", () => {
    const row = toCsvRow(awkwardRecord());
    const values = readRow(row);
    expect(values).toHaveLength(CSV_FIELDS.length);
    expect(cell(row, "lastName")).toBe(`O"Neil, Jr`);
    expect(row).toContain(`"O""Neil, Jr"`);
    expect(cell(row, "addressLine2")).toBe(`Apt "B", rear`);
  });

  it("carries the TXT characters: cut and transliterated text, trailing spaces removed", () => {
    const row = toCsvRow(awkwardRecord());
    expect(cell(row, "firstName")).toBe("Jose");
    expect(cell(row, "addressLine1")).toBe("1 Long Street Name That Goes O");
    expect(cell(row, "middleInitial")?.length).toBeLessThanOrEqual(1);
  });

  it("keeps leading zeros of codes, ZIP codes and dates", () => {
    const row = toCsvRow(awkwardRecord());
    expect(cell(row, "collegeDiCode")).toBe("005818");
    expect(cell(row, "exam1Code")).toBe("07");
    expect(cell(row, "exam1Irregularity1")).toBe("04");
    expect(cell(row, "exam1Irregularity2")).toBe("");
    expect(cell(row, "exam1Grade")).toBe("");
    expect(cell(row, "zip")).toBe("07102");
    expect(row).toContain(`"07102"`);
    expect(cell(row, "dateGradesReleased")).toMatch(/^07\d{4}$/);
  });

  it("gives the same row from a stored TXT line as from the record", () => {
    const records = [...sampleRecords(200, 11), awkwardRecord()];
    for (const record of records) {
      expect(txtLineToCsvRow(toTxtRecord(record)), record.apId).toBe(toCsvRow(record));
    }
  });

  it("reads every column of a TXT line from the column's own positions", () => {
    // Each field filled with a distinct marker proves the slice offsets, fillers excluded.
    let line = "";
    TXT_FIELDS.forEach((f, i) => {
      line += (f.kind === "filler" ? "" : String(i)).padEnd(f.length, f.kind === "filler" ? "#" : " ").slice(0, f.length);
    });
    const values = readRow(txtLineToCsvRow(line));
    expect(values).toEqual(CSV_FIELDS.map((f) => String(TXT_FIELDS.indexOf(f)).slice(0, f.length)));
  });

  it("refuses a TXT line that is not 950 characters", () => {
    expect(() => txtLineToCsvRow("x".repeat(949))).toThrow(/950/);
  });

  it("writes a file with a header and CRLF after every row, the last one too", () => {
    const records = sampleRecords(3);
    const file = toCsvFile(records);
    expect(CSV_LINE_ENDING).toBe("\r\n");
    expect(file.endsWith("\r\n")).toBe(true);
    const rows = file.split("\r\n");
    expect(rows).toHaveLength(5);
    expect(rows[0]).toBe(csvHeaderLine());
    expect(rows.slice(1, 4)).toEqual(records.map(toCsvRow));
    expect(rows[4]).toBe("");
  });
});
