import { describe, expect, it } from "vitest";
import {
  CSV_FIELDS,
  EXAM_BLOCK,
  EXAM_BLOCK_LENGTH,
  EXAM_SLOTS,
  FIELD_KIND_FORMATS,
  TXT_FIELDS,
  TXT_RECORD_LENGTH,
  csvHeaderNames,
  examStart,
  txtField,
} from "@/lib/formats/txt-layout";

describe("TXT layout table", () => {
  it("covers positions 1-950 with contiguous fields", () => {
    let expectedStart = 1;
    for (const f of TXT_FIELDS) {
      expect(f.start, f.key).toBe(expectedStart);
      expect(f.length, f.key).toBeGreaterThan(0);
      expect(f.end, f.key).toBe(f.start + f.length - 1);
      expectedStart = f.end + 1;
    }
    expect(expectedStart - 1).toBe(TXT_RECORD_LENGTH);
    expect(TXT_FIELDS.reduce((sum, f) => sum + f.length, 0)).toBe(950);
  });

  it("has unique keys and unique labels (labels are CSV column names)", () => {
    expect(new Set(TXT_FIELDS.map((f) => f.key)).size).toBe(TXT_FIELDS.length);
    expect(new Set(TXT_FIELDS.map((f) => f.label)).size).toBe(TXT_FIELDS.length);
  });

  it("gives every field a description and every kind a documented format", () => {
    for (const f of TXT_FIELDS) {
      expect(f.description.length, f.key).toBeGreaterThan(10);
      expect(FIELD_KIND_FORMATS[f.kind], f.key).toBeTruthy();
    }
  });

  // Positions copied from the published layout (DOMAIN.md §4), independent of how the table is built.
  it.each([
    ["apId", 1, 8],
    ["lastName", 9, 23],
    ["firstName", 24, 35],
    ["middleInitial", 36, 36],
    ["addressLine1", 37, 66],
    ["addressLine3", 97, 126],
    ["state", 127, 128],
    ["zip", 129, 137],
    ["countryCode", 138, 140],
    ["gender", 141, 141],
    ["dateOfBirth", 142, 147],
    ["filler148", 148, 156],
    ["educationLevel", 157, 157],
    ["expectedCollegeEntrance", 158, 160],
    ["studentSearch", 162, 162],
    ["bestLanguage", 163, 163],
    ["sophomoreStanding", 164, 164],
    ["previousAi1Year", 173, 174],
    ["previousAi1Code", 175, 180],
    ["previousAi2Code", 183, 188],
    ["award1Type", 189, 190],
    ["award6Year", 211, 212],
    ["highSchoolAiCode", 213, 218],
    ["highSchoolContactName", 219, 248],
    ["highSchoolName", 249, 278],
    ["highSchoolAddressLine1", 279, 308],
    ["highSchoolAddressLine3", 339, 368],
    ["highSchoolState", 369, 370],
    ["highSchoolZip", 371, 375],
    ["collegeDiCode", 376, 381],
    ["collegeContactName", 382, 411],
    ["collegeName", 412, 441],
    ["collegeAddressLine1", 442, 471],
    ["collegeAddressLine3", 502, 531],
    ["collegeState", 532, 533],
    ["collegeZip", 534, 538],
    ["exam1AdminYear", 539, 540],
    ["exam30ClassSection", 868, 868],
    ["dateGradesReleased", 869, 874],
    ["dateLastStudentUpdate", 875, 880],
    ["dateOfReport", 881, 886],
    ["serviceType", 887, 888],
    ["serviceCode", 889, 892],
    ["orderingInstitutionKey", 893, 900],
    ["race1", 901, 901],
    ["race11", 911, 911],
    ["filler912", 912, 933],
    ["derivedAggregateRace", 934, 935],
    ["filler936", 936, 950],
  ] as const)("places %s at %i-%i", (key, start, end) => {
    const f = txtField(key);
    expect([f.start, f.end]).toEqual([start, end]);
  });

  it("places exam n at 539 + 11 × (n − 1) with year, code, grade, irregularities, suppression, section", () => {
    expect(EXAM_BLOCK.reduce((sum, part) => sum + part.length, 0)).toBe(EXAM_BLOCK_LENGTH);
    for (let n = 1; n <= EXAM_SLOTS; n++) {
      const start = 539 + 11 * (n - 1);
      expect(examStart(n)).toBe(start);
      expect(txtField(`exam${n}AdminYear`)).toMatchObject({ start, length: 2, kind: "year" });
      expect(txtField(`exam${n}Code`)).toMatchObject({ start: start + 2, length: 2, kind: "code", label: `Exam ${n} Code` });
      expect(txtField(`exam${n}Grade`)).toMatchObject({ start: start + 4, length: 1, kind: "score" });
      expect(txtField(`exam${n}Irregularity1`)).toMatchObject({ start: start + 5, length: 2 });
      expect(txtField(`exam${n}Irregularity2`)).toMatchObject({ start: start + 7, length: 2 });
      expect(txtField(`exam${n}Suppression`)).toMatchObject({ start: start + 9, length: 1 });
      expect(txtField(`exam${n}ClassSection`)).toMatchObject({ start: start + 10, length: 1 });
    }
    expect(examStart(30)).toBe(858);
  });

  it("derives the CSV columns: every non-filler field, in TXT order", () => {
    const fillers = TXT_FIELDS.filter((f) => f.kind === "filler");
    expect(fillers.map((f) => [f.start, f.end])).toEqual([
      [148, 156],
      [161, 161],
      [165, 172],
      [912, 933],
      [936, 950],
    ]);
    expect(CSV_FIELDS).toEqual(TXT_FIELDS.filter((f) => f.kind !== "filler"));
    expect(csvHeaderNames()).toEqual(CSV_FIELDS.map((f) => f.label));
    expect(csvHeaderNames().slice(0, 3)).toEqual(["AP ID", "Last Name", "First Name"]);
    expect(csvHeaderNames()).toHaveLength(TXT_FIELDS.length - 5);
  });

  it("rejects an unknown key", () => {
    expect(() => txtField("nope")).toThrow(/Unknown TXT field key/);
  });
});
