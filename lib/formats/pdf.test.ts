import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ExamResult, StudentRecord } from "./record";
import {
  examScoreDisplay,
  formatAddressLines,
  formatStudentName,
  renderScoreReportsPdf,
  renderScoreReportsPdfBuffer,
  sortExamsForReport,
  streamToBuffer,
  toWinAnsi,
} from "./pdf";
import { EXAM_CODES } from "./codes";

const PDFTOTEXT = "/usr/bin/pdftotext";
const PDFINFO = "/usr/bin/pdfinfo";
const HAVE_POPPLER = existsSync(PDFTOTEXT) && existsSync(PDFINFO);
const POPPLER_REASON = `poppler-utils not installed (${PDFTOTEXT} missing): text-extraction assertions skipped`;
if (!HAVE_POPPLER) console.warn(POPPLER_REASON);

const tmp = mkdtempSync(path.join(tmpdir(), "pdf-test-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function writeTmp(name: string, bytes: Buffer): string {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  return file;
}
function pdfText(file: string): string {
  return execFileSync(PDFTOTEXT, ["-layout", file, "-"], { encoding: "utf8" });
}
function pdfPageTexts(file: string): string[] {
  // pdftotext separates pages with form feeds
  return pdfText(file).split("\f").slice(0, -1);
}
function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync(PDFINFO, [file], { encoding: "utf8" });
  return Object.fromEntries(
    out
      .split("\n")
      .filter((l) => l.includes(":"))
      .map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]),
  );
}
/** Page count straight from the bytes (works without poppler). */
function countPages(pdf: Buffer): number {
  return (pdf.toString("latin1").match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

const exam = (adminYear: number, examCode: string, score: number | null, irregularityCodes: string[] = []): ExamResult => ({
  adminYear,
  examCode,
  score,
  irregularityCodes,
  suppression: " ",
  classSection: " ",
});

const college = {
  diCode: "5432",
  contactName: "Office of Admissions",
  name: "Example University",
  address: { lines: ["100 College Avenue", "Springfield"], state: "IL", zip: "627010001" },
};

function baseRecord(overrides: Partial<StudentRecord>): StudentRecord {
  return {
    apId: "A0000000",
    lastName: "Doe",
    firstName: "Jane",
    middleInitial: "",
    address: { lines: ["1 Main Street", "Anytown"], state: "NY", zip: "10023", countryCode: "USA" },
    gender: "U",
    dateOfBirth: null,
    educationLevel: "4",
    expectedCollegeEntrance: "F26",
    studentSearch: "",
    bestLanguage: "1",
    sophomoreStanding: "N",
    previousAis: [],
    awards: [],
    highSchool: {
      aiCode: "331234",
      contactName: "AP Coordinator",
      name: "Lincoln High School",
      address: { lines: ["200 School Road", "Anytown"], state: "NY", zip: "10023" },
    },
    college,
    exams: [],
    dateGradesReleased: "2026-07-07",
    dateLastStudentUpdate: null,
    dateOfReport: "2026-07-08",
    serviceType: "01",
    serviceCode: "0001",
    orderingInstitutionKey: "K0000001",
    raceEthnicity: Array.from({ length: 11 }, () => false),
    derivedAggregateRace: "00",
    ...overrides,
  };
}

/** Student with a withheld exam (code 98; the record still carries a 5 that must not show). */
const garcia = baseRecord({
  apId: "B7X2K9Q1",
  lastName: "Garcia",
  firstName: "Maria",
  middleInitial: "L",
  gender: "F",
  dateOfBirth: "2008-03-14",
  address: { lines: ["45 Elm Street", "Apt 3B", "Springfield"], state: "MA", zip: "011031234", countryCode: "USA" },
  awards: [{ type: "03", year: 2026 }],
  exams: [exam(2025, "66", 4), exam(2026, "68", 3, ["20"]), exam(2026, "36", 5, ["98"]), exam(2026, "90", 2), exam(2025, "07", 1)],
});

const nguyen = baseRecord({
  apId: "C1D2E3F4",
  lastName: "Nguyen",
  firstName: "Thanh",
  middleInitial: "",
  gender: "M",
  dateOfBirth: "2007-11-02",
  address: { lines: ["9 Rue de la Paix", "Montréal QC"], state: "", zip: "H2X1Y4", countryCode: "CAN" },
  awards: [
    { type: "01", year: 2025 },
    { type: "13", year: 2026 },
  ],
  exams: [exam(2026, "22", 3), exam(2026, "23", null, ["01"]), exam(2025, "80", 5, ["37", "44"])],
});

const allCodes = Object.keys(EXAM_CODES);
/** 30 exams (the layout's maximum), a few with notes. */
const manyExams = baseRecord({
  apId: "D9999999",
  lastName: "Okonkwo-Worthington",
  firstName: "Christopher",
  middleInitial: "J",
  gender: "A",
  dateOfBirth: "2008-01-31",
  awards: [
    { type: "01", year: 2024 },
    { type: "02", year: 2025 },
    { type: "03", year: 2026 },
    { type: "05", year: 2026 },
  ],
  exams: Array.from({ length: 30 }, (_, i) => exam(2022 + (i % 5), allCodes[i]!, (i % 5) + 1, i % 7 === 0 ? ["34"] : i === 3 ? ["98"] : [])),
});

const options = {
  generatedAt: new Date("2026-07-08T03:30:00Z"), // 11:30 pm on July 7 in New York
  institutionName: "Example University",
  diCode: "5432",
};
const releasedAt = new Date("2026-07-07T14:00:00Z");

describe("pure helpers", () => {
  it("formats names, addresses and score cells", () => {
    expect(formatStudentName(garcia)).toBe("Garcia, Maria L.");
    expect(formatStudentName(nguyen)).toBe("Nguyen, Thanh");
    expect(formatAddressLines(garcia.address, "USA")).toEqual(["45 Elm Street", "Apt 3B", "Springfield, MA 01103-1234"]);
    expect(formatAddressLines(nguyen.address, "CAN")).toEqual(["9 Rue de la Paix", "Montréal QC, H2X1Y4", "Country code CAN"]);
    expect(examScoreDisplay(exam(2026, "66", 4))).toEqual({ score: "4 — Well qualified", graded: true, notes: [] });
    expect(examScoreDisplay(exam(2026, "36", 5, ["98"]))).toEqual({
      score: "Withheld",
      graded: false,
      notes: ["Score withheld on college report at student's request"],
    });
    expect(examScoreDisplay(exam(2026, "36", null, ["20", "01"]))).toEqual({
      score: "Score not yet available",
      graded: false,
      notes: ["Note: Undertiming of 5 minutes or less (code 20)"],
    });
    expect(sortExamsForReport(garcia.exams).map((e) => `${e.adminYear}-${e.examCode}`)).toEqual([
      "2026-68", // Calculus BC
      "2026-36", // English Language and Composition
      "2026-90", // Statistics
      "2025-66", // Calculus AB
      "2025-07", // United States History
    ]);
    expect(toWinAnsi("Łukasz Żółć — “ok”\tend")).toBe("?ukasz Zó?c — “ok” end");
  });
});

describe("renderScoreReportsPdf", () => {
  const reports = [garcia, nguyen, manyExams].map((record) => ({ record, releasedAt }));

  it("renders one report per student with the expected text", async () => {
    const pdf = await renderScoreReportsPdfBuffer(reports, options);
    if (process.env.PDF_DEBUG_OUT) writeFileSync(process.env.PDF_DEBUG_OUT, pdf);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.subarray(-6).toString("latin1")).toContain("%%EOF");
    // 30 exams fit on one page: exactly one page per student
    expect(countPages(pdf)).toBe(reports.length);
    const file = writeTmp("three.pdf", pdf);

    if (!HAVE_POPPLER) {
      console.warn(POPPLER_REASON);
      return;
    }
    const info = pdfInfo(file);
    expect(Number(info.Pages)).toBe(3);
    expect(info.Author).toBe("AP Higher Education Score Reports");
    expect(info.Title).toContain("Example University");
    expect(info.PDFVersion ?? info["PDF version"]).toBeTruthy();

    const pages = pdfPageTexts(file);
    expect(pages).toHaveLength(3);
    const [p1, p2, p3] = pages as [string, string, string];
    for (const [page, record] of [
      [p1, garcia],
      [p2, nguyen],
      [p3, manyExams],
    ] as const) {
      expect(page).toContain("AP Score Report");
      expect(page).toContain("Example University");
      expect(page).toContain("DI code 5432");
      expect(page).toContain(formatStudentName(record));
      expect(page).toContain(record.apId);
      for (const e of record.exams) expect(page).toContain(EXAM_CODES[e.examCode as keyof typeof EXAM_CODES]);
      expect(page).toContain("Date scores released to your institution");
      expect(page).toContain("July 7, 2026"); // releasedAt and generatedAt, both in New York time
      expect(page).not.toContain("July 8, 2026");
    }
    expect(p1).toContain("Page 1 of 3");
    expect(p3).toContain("Page 3 of 3");

    // Garcia: identity, scores with meanings, withheld exam, note, award
    expect(p1).toContain("03/14/2008");
    expect(p1).toContain("Female");
    expect(p1).toContain("Springfield, MA 01103-1234");
    expect(p1).toContain("Lincoln High School");
    expect(p1).toContain("331234");
    expect(p1).toContain("4 — Well qualified");
    expect(p1).toContain("3 — Qualified");
    expect(p1).toContain("2 — Possibly qualified");
    expect(p1).toContain("1 — No recommendation");
    expect(p1).toMatch(/English Language and Composition\s+Withheld/);
    expect(p1).toContain("Score withheld on college report at student's request");
    expect(p1).not.toContain("Extremely well qualified"); // the withheld exam's 5 never shows
    expect(p1).not.toMatch(/\b5 —/);
    expect(p1).toContain("Undertiming of 5 minutes or less");
    expect(p1).toContain("AP Scholar with Distinction");
    // year descending, then subject
    const order = ["Calculus BC", "English Language", "Statistics", "Calculus AB", "United States History"].map((s) => p1.indexOf(s));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    // Nguyen: not-yet-available exam, two notes, two awards
    expect(p2).toMatch(/Research\s+Score not yet available/);
    expect(p2).toContain("5 — Extremely well qualified");
    expect(p2).toContain("Portion of exam lost, score projected");
    expect(p2).toContain("Score projected from multiple-choice section");
    expect(p2).toContain("AP Scholar");
    expect(p2).toContain("AP Capstone Diploma");
    expect(p2).toContain("Country code CAN");
    expect(p2).toContain("Montréal QC"); // é is in WinAnsi and kept
  });

  it("is deterministic for identical input", async () => {
    const a = await renderScoreReportsPdfBuffer(reports, options);
    const b = await renderScoreReportsPdfBuffer(reports, options);
    expect(a.equals(b)).toBe(true);
  });

  it("returns a readable stream", async () => {
    const stream = renderScoreReportsPdf([{ record: garcia, releasedAt }], options);
    const pdf = await streamToBuffer(stream);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(countPages(pdf)).toBe(1);
  });

  it("continues an over-long student on further pages without losing rows", async () => {
    // More rows than a page holds (beyond the layout's 30, and every row with notes).
    const huge = baseRecord({
      apId: "E0000001",
      lastName: "Long",
      firstName: "List",
      exams: Array.from({ length: 60 }, (_, i) => exam(1990 + i, allCodes[i % allCodes.length]!, 3, ["20", "34"])),
    });
    const pdf = await renderScoreReportsPdfBuffer(
      [
        { record: huge, releasedAt },
        { record: garcia, releasedAt },
      ],
      options,
    );
    if (process.env.PDF_DEBUG_OUT) writeFileSync(`${process.env.PDF_DEBUG_OUT}.huge.pdf`, pdf);
    const pages = countPages(pdf);
    expect(pages).toBeGreaterThan(2);
    if (!HAVE_POPPLER) return;
    const file = writeTmp("huge.pdf", pdf);
    const texts = pdfPageTexts(file);
    expect(texts).toHaveLength(pages);
    const all = texts.join("\n");
    for (let i = 0; i < 60; i++) expect(all).toContain(String(1990 + i));
    expect(texts[1]).toContain("AP Score Report (continued)");
    expect(texts[1]).toContain("Long, List");
    // Garcia still starts on a fresh page, the last one
    expect(texts.at(-1)).toContain("Garcia, Maria L.");
    expect(texts.at(-2)).not.toContain("Garcia");
  });

  it("renders an empty list as a single page", async () => {
    const pdf = await renderScoreReportsPdfBuffer([], options);
    expect(countPages(pdf)).toBe(1);
    if (!HAVE_POPPLER) return;
    expect(pdfText(writeTmp("empty.pdf", pdf))).toContain("No score reports to show.");
  });

  it("renders 100 students (timing logged, not asserted)", async () => {
    const students = Array.from({ length: 100 }, (_, i) => ({
      record: { ...(i % 3 === 0 ? garcia : i % 3 === 1 ? nguyen : manyExams), apId: `S${String(i).padStart(7, "0")}` },
      releasedAt,
    }));
    await renderScoreReportsPdfBuffer(students.slice(0, 3), options); // warm-up
    const started = performance.now();
    const pdf = await renderScoreReportsPdfBuffer(students, options);
    const ms = performance.now() - started;
    console.log(`pdf: 100 students -> ${countPages(pdf)} pages, ${pdf.length} bytes in ${ms.toFixed(1)} ms`);
    expect(countPages(pdf)).toBe(100);
  });
});
