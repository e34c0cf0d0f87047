import { describe, expect, it } from "vitest";
import type { StudentRecord } from "@/lib/formats/record";
import { sampleRecords } from "@/prisma/factories/records";
import { TXT_LINE_ENDING, TxtRecordError, defaultTwoDigitYearPivot, parseTxtFile, parseTxtRecord, toTxtFile, toTxtRecord, toTxtText } from "@/lib/formats/txt";
import { txtField } from "@/lib/formats/txt-layout";

/** Characters at 1-based inclusive positions, as the layout documents them. */
const at = (line: string, start: number, end: number): string => line.slice(start - 1, end);

function handBuiltRecord(): StudentRecord {
  return {
    apId: "A1B2C3D4",
    lastName: "Rivera",
    firstName: "Ana",
    middleInitial: "M",
    address: { lines: ["12 Main St", "Apt 4", "Albany"], state: "NY", zip: "122031234", countryCode: "USA" },
    gender: "F",
    dateOfBirth: "2008-03-09",
    educationLevel: "4",
    expectedCollegeEntrance: "F26",
    studentSearch: "Y",
    bestLanguage: "1",
    sophomoreStanding: "N",
    previousAis: [{ year: 2023, code: "331234" }],
    awards: [
      { type: "01", year: 2025 },
      { type: "02", year: 2026 },
    ],
    highSchool: {
      aiCode: "330987",
      contactName: "Pat Lee",
      name: "Central High School",
      address: { lines: ["1 School Rd", "Albany"], state: "NY", zip: "12203" },
    },
    college: {
      diCode: "5818",
      contactName: "Office of Admissions",
      name: "Example University",
      address: { lines: ["100 Example Plaza", "New York"], state: "NY", zip: "10023" },
    },
    exams: [
      { adminYear: 2025, examCode: "07", score: 4, irregularityCodes: [], suppression: "", classSection: "" },
      { adminYear: 2026, examCode: "66", score: null, irregularityCodes: ["98"], suppression: "", classSection: "B" },
      { adminYear: 2026, examCode: "68", score: 5, irregularityCodes: ["20", "34"], suppression: "S", classSection: "" },
    ],
    dateGradesReleased: "2026-07-07",
    dateLastStudentUpdate: null,
    dateOfReport: "2026-08-15",
    serviceType: "01",
    serviceCode: "0042",
    orderingInstitutionKey: "ORD12345",
    raceEthnicity: [false, true, false, false, true, false, false, false, false, false, false],
    derivedAggregateRace: "12",
  };
}

function withExams(count: number): StudentRecord {
  const record = handBuiltRecord();
  record.exams = Array.from({ length: count }, (_, i) => ({
    adminYear: 2026,
    examCode: String(10 + i),
    score: (i % 5) + 1,
    irregularityCodes: [],
    suppression: "",
    classSection: "",
  }));
  return record;
}

/** Replaces the characters at 1-based positions start.. with `text` (same length). */
function patch(line: string, start: number, text: string): string {
  return line.slice(0, start - 1) + text + line.slice(start - 1 + text.length);
}

function parseError(line: string): TxtRecordError {
  try {
    parseTxtRecord(line, { twoDigitYearPivot: 27 });
  } catch (error) {
    if (error instanceof TxtRecordError) return error;
    throw error;
  }
  throw new Error("expected a TxtRecordError");
}

describe("toTxtRecord", () => {
  const line = toTxtRecord(handBuiltRecord());

  it("writes exactly 950 characters", () => {
    expect(line).toHaveLength(950);
  });

  it("puts each value at its documented positions", () => {
    expect(at(line, 1, 8)).toBe("A1B2C3D4");
    expect(at(line, 9, 23)).toBe("Rivera         ");
    expect(at(line, 24, 35)).toBe("Ana         ");
    expect(at(line, 36, 36)).toBe("M");
    expect(at(line, 37, 66)).toBe("12 Main St".padEnd(30));
    expect(at(line, 67, 96)).toBe("Apt 4".padEnd(30));
    expect(at(line, 97, 126)).toBe("Albany".padEnd(30));
    expect(at(line, 127, 128)).toBe("NY");
    expect(at(line, 129, 137)).toBe("122031234");
    expect(at(line, 138, 140)).toBe("USA");
    expect(at(line, 141, 141)).toBe("F");
    expect(at(line, 142, 147)).toBe("030908");
    expect(at(line, 148, 156)).toBe(" ".repeat(9));
    expect(at(line, 157, 164)).toBe("4F26 Y1N");
    expect(at(line, 165, 172)).toBe(" ".repeat(8));
    expect(at(line, 173, 188)).toBe("23331234" + " ".repeat(8));
    expect(at(line, 189, 212)).toBe("01250226" + " ".repeat(16));
    expect(at(line, 213, 218)).toBe("330987");
    expect(at(line, 249, 278)).toBe("Central High School".padEnd(30));
    expect(at(line, 371, 375)).toBe("12203");
    expect(at(line, 376, 381)).toBe("005818");
    expect(at(line, 412, 441)).toBe("Example University".padEnd(30));
    expect(at(line, 534, 538)).toBe("10023");
    expect(at(line, 869, 874)).toBe("070726");
    expect(at(line, 875, 880)).toBe("      ");
    expect(at(line, 881, 886)).toBe("081526");
    expect(at(line, 887, 900)).toBe("010042ORD12345");
    expect(at(line, 901, 911)).toBe("NYNNYNNNNNN");
    expect(at(line, 912, 933)).toBe(" ".repeat(22));
    expect(at(line, 934, 935)).toBe("12");
    expect(at(line, 936, 950)).toBe(" ".repeat(15));
  });

  it("writes each exam slot as year, code, grade, irregularities, suppression, section", () => {
    expect(at(line, 539, 540)).toBe("25");
    expect(at(line, 541, 542)).toBe("07");
    expect(at(line, 539, 549)).toBe("25074      ");
    // No grade shown, one irregularity: the second irregularity slot is blank, not "00".
    expect(at(line, 550, 560)).toBe("2666 98   B");
    expect(at(line, 561, 571)).toBe("266852034S ");
    expect(at(line, 572, 868)).toBe(" ".repeat(868 - 572 + 1));
  });

  it("fills all 30 exam slots, the last at 858-868", () => {
    const full = toTxtRecord(withExams(30));
    expect(at(full, 858, 868)).toBe("26395      ");
    expect(at(full, 869, 874)).toBe("070726");
  });

  it("keeps case and cuts over-long text at the field length", () => {
    const record = handBuiltRecord();
    record.lastName = "de la Cruz-Vandenberghe";
    record.firstName = "Maximiliano-Jose";
    const out = toTxtRecord(record);
    expect(out).toHaveLength(950);
    expect(at(out, 9, 23)).toBe("de la Cruz-Vand");
    expect(at(out, 24, 35)).toBe("Maximiliano-");
  });

  it("transliterates to printable ASCII so the line is also 950 bytes", () => {
    const record = handBuiltRecord();
    record.lastName = "Müller-Łukasz";
    record.firstName = "Zoë 😀\tß";
    record.address.lines = ["Straße 5 — Hof", "Ñuñoa", "서울"];
    const out = toTxtRecord(record);
    expect(out).toHaveLength(950);
    expect(Buffer.byteLength(out, "utf8")).toBe(950);
    expect(out).toMatch(/^[\x20-\x7E]*$/);
    expect(at(out, 9, 23)).toBe("Muller-Lukasz  ");
    expect(at(out, 24, 35)).toBe("Zoe ? ss    ");
    expect(at(out, 37, 66).trimEnd()).toBe("Strasse 5 - Hof");
    expect(at(out, 67, 96).trimEnd()).toBe("Nunoa");
    expect(at(out, 97, 126).trimEnd()).toBe("??");
  });

  it("leaves plain ASCII text as it is", () => {
    expect(toTxtText(`O'Brien "Bob", Jr.`)).toBe(`O'Brien "Bob", Jr.`);
  });

  it.each<[string, (r: StudentRecord) => void, RegExp]>([
    ["31 exams", (r) => (r.exams = withExams(31).exams), /31 exams; the layout holds at most 30/],
    ["7 awards", (r) => (r.awards = Array.from({ length: 7 }, () => ({ type: "01", year: 2026 }))), /7 awards/],
    ["3 previous AIs", (r) => (r.previousAis = Array.from({ length: 3 }, () => ({ year: 2024, code: "123456" }))), /3 previous AIs/],
    ["4 address lines", (r) => (r.address.lines = ["a", "b", "c", "d"]), /4 lines/],
    ["3 irregularities", (r) => (r.exams[0]!.irregularityCodes = ["20", "34", "39"]), /Exam 1 Irregularity Code 2 \(positions 546-547\)/],
    ["a code that does not fit", (r) => (r.college.diCode = "1234567"), /College DI Code \(positions 376-381\): .*longer than 6/],
    ["a code with letters", (r) => (r.exams[0]!.examCode = "7A"), /Exam 1 Code \(positions 541-542\): .*not all digits/],
    ["an exam year outside 20YY", (r) => (r.exams[0]!.adminYear = 1999), /Exam 1 Admin Year/],
    ["an impossible date", (r) => (r.dateOfBirth = "2008-02-30"), /Date of Birth \(positions 142-147\)/],
    ["a score of 6", (r) => (r.exams[0]!.score = 6), /Exam 1 Grade \(position 543\)/],
    ["a flag other than Y/N", (r) => (r.studentSearch = "X"), /Student Search \(position 162\)/],
    ["10 race responses", (r) => (r.raceEthnicity = r.raceEthnicity.slice(1)), /exactly 11/],
  ])("refuses a record with %s", (_, change, message) => {
    const record = handBuiltRecord();
    change(record);
    expect(() => toTxtRecord(record)).toThrow(TxtRecordError);
    expect(() => toTxtRecord(record)).toThrow(message);
  });
});

describe("parseTxtRecord", () => {
  it("reads back the hand-built record", () => {
    expect(parseTxtRecord(toTxtRecord(handBuiltRecord()))).toEqual(handBuiltRecord());
  });

  it("round-trips every sample record, field by field", () => {
    const records = sampleRecords(200, 42);
    for (const record of records) {
      const line = toTxtRecord(record);
      expect(line).toHaveLength(950);
      const parsed = parseTxtRecord(line);
      for (const key of Object.keys(record) as (keyof StudentRecord)[]) {
        expect(parsed[key], `${record.apId}.${key}`).toEqual(record[key]);
      }
      expect(Object.keys(parsed).sort()).toEqual(Object.keys(record).sort());
    }
  });

  it("normalizes what the layout cannot keep: zero-padded DI code, trailing spaces, trailing blank address lines", () => {
    const record = handBuiltRecord();
    record.college.diCode = "005818";
    record.lastName = "Rivera   ";
    record.highSchool.address.lines = ["1 School Rd", "Albany", ""];
    const parsed = parseTxtRecord(toTxtRecord(record));
    expect(parsed.college.diCode).toBe("5818");
    expect(parsed.lastName).toBe("Rivera");
    expect(parsed.highSchool.address.lines).toEqual(["1 School Rd", "Albany"]);
  });

  it("keeps a six-digit DI code that does not start with zero", () => {
    const record = handBuiltRecord();
    record.college.diCode = "123456";
    expect(parseTxtRecord(toTxtRecord(record)).college.diCode).toBe("123456");
  });

  it("reads two-digit date years against the pivot: up to it 20YY, above it 19YY", () => {
    const line = patch(toTxtRecord(handBuiltRecord()), 142, "123198");
    expect(parseTxtRecord(line, { twoDigitYearPivot: 27 }).dateOfBirth).toBe("1998-12-31");
    expect(parseTxtRecord(patch(line, 142, "010127"), { twoDigitYearPivot: 27 }).dateOfBirth).toBe("2027-01-01");
    expect(parseTxtRecord(patch(line, 142, "010127"), { twoDigitYearPivot: 26 }).dateOfBirth).toBe("1927-01-01");
    expect(defaultTwoDigitYearPivot(new Date("2026-11-22T00:00:00Z"))).toBe(27);
  });

  it("reads a blank race flag as false", () => {
    const line = patch(toTxtRecord(handBuiltRecord()), 902, " ");
    expect(parseTxtRecord(line).raceEthnicity[1]).toBe(false);
  });

  it("rejects a line of the wrong length, saying how long it is", () => {
    const line = toTxtRecord(handBuiltRecord());
    expect(parseError(line.slice(0, 949)).message).toMatch(/949 characters long; a TXT record is exactly 950/);
    expect(parseError(line + " ").field).toBeNull();
  });

  it.each([
    ["a bad date", 142, "023008", "dateOfBirth", /^Date of Birth \(positions 142-147\): "023008" is not a date MMDDYY$/],
    ["a non-numeric date", 881, "08AB26", "dateOfReport", /Date of This Report \(positions 881-886\)/],
    ["a bad score digit", 543, "7", "exam1Grade", /^Exam 1 Grade \(position 543\): "7" is not a score 1-5 or blank$/],
    ["a code with a letter", 541, "0X", "exam1Code", /Exam 1 Code \(positions 541-542\)/],
    ["an exam without a code", 552, "  ", "exam2Code", /Exam 2 Code \(positions 552-553\): is blank/],
    ["an exam with a bad year", 561, "2 ", "exam3AdminYear", /Exam 3 Admin Year \(positions 561-562\)/],
    ["a blank AP ID", 1, "        ", "apId", /AP ID \(positions 1-8\): AP ID is blank/],
    ["a race flag other than Y/N", 905, "X", "race5", /Race\/Ethnicity Response 5 \(position 905\)/],
    ["an award without a year", 195, "  ", "award2Year", /Award 2 Year \(positions 195-196\)/],
  ] as const)("rejects %s, naming the field and its positions", (_, start, text, key, message) => {
    const error = parseError(patch(toTxtRecord(handBuiltRecord()), start, text));
    expect(error.message).toMatch(message);
    expect(error.field?.key).toBe(key);
    expect(error.field).toEqual(txtField(key));
  });
});

describe("TXT files", () => {
  it("ends every line, the last one included, with CRLF", () => {
    const records = sampleRecords(3);
    const file = toTxtFile(records);
    expect(TXT_LINE_ENDING).toBe("\r\n");
    expect(file).toHaveLength(3 * 952);
    expect(file.endsWith("\r\n")).toBe(true);
    expect(file.split("\r\n")).toEqual([...records.map((r) => toTxtRecord(r)), ""]);
  });

  it("parses a file and reports malformed lines by their 1-based line number", () => {
    const [a, b, c] = sampleRecords(3, 9);
    const good = toTxtRecord(a!);
    const badScore = patch(toTxtRecord(b!), 543, "9");
    const text = `\uFEFF${good}\r\n${badScore}\r\n\r\n${toTxtRecord(c!)}\n${good.slice(0, 900)}\r\n`;
    const results = [...parseTxtFile(text)];
    expect(results.map((r) => [r.lineNumber, r.ok])).toEqual([
      [1, true],
      [2, false],
      [4, true],
      [5, false],
    ]);
    const [first, second, , fifth] = results;
    expect(first?.ok && first.record).toEqual(a);
    expect(!second?.ok && second?.error.message).toMatch(/Exam 1 Grade \(position 543\)/);
    expect(!fifth?.ok && fifth?.error.message).toMatch(/900 characters long/);
  });

  it("reads back a whole written file", () => {
    const records = sampleRecords(50, 3);
    const parsed = [...parseTxtFile(toTxtFile(records))];
    expect(parsed.every((r) => r.ok)).toBe(true);
    expect(parsed.map((r) => (r.ok ? r.record : null))).toEqual(records);
    expect(parsed.at(-1)?.lineNumber).toBe(50);
  });
});
