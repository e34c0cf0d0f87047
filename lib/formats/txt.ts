/**
 * StudentRecord ⇄ one 950-character TXT line (DOMAIN.md §4). Pure: no I/O.
 *
 * Where a field sits comes only from the table in txt-layout.ts; this file decides how each
 * value is written and read. Decisions the published layout leaves open, made here once:
 *
 * - Character set: every line is 950 printable ASCII characters, so it is also 950 bytes in
 *   the file whatever encoding a loader assumes. Text is transliterated (accents dropped via
 *   NFD, a few letters without a decomposition spelled out, e.g. ß → ss, Ø → O), whitespace
 *   such as tabs becomes a space, and anything else outside printable ASCII becomes "?".
 *   Case is kept as given.
 * - Text is cut at the field length (after transliteration) and read back with trailing
 *   spaces removed. Address lines read back without trailing empty lines.
 * - Codes are digits, right-aligned and zero-padded; a code that does not fit is an error,
 *   never cut, because a shortened code is a different code. The DI code is written as six
 *   digits (5818 → 005818) and read back with leading zeros removed down to four digits.
 * - Fewer than two irregularity codes: the unused slot is blank (spaces, not "00", which
 *   would read as a code).
 * - Years (exam administration, awards, previous schools) are YY and read as 20YY.
 * - Dates are MMDDYY, six spaces when null. Reading YY needs a century: YY up to the pivot
 *   (by default the current year's YY + 1, so a report dated early next year still reads
 *   right) is 20YY, anything above is 19YY — e.g. in 2026, 27 → 2027 and 98 → 1998.
 * - Race/ethnicity flags are Y/N; a blank flag (not answered) reads as false.
 */
import type { Award, ExamResult, PostalAddress, PreviousAi, StudentRecord } from "@/lib/formats/record";
import {
  ADDRESS_LINES,
  AWARD_SLOTS,
  EXAM_BLOCK,
  EXAM_SLOTS,
  PREVIOUS_AI_SLOTS,
  RACE_FLAGS,
  TXT_FIELDS,
  TXT_RECORD_LENGTH,
  type TxtField,
} from "@/lib/formats/txt-layout";

/**
 * Every line, the last one included, ends with CRLF: the mainframe and SIS loaders that read
 * these files expect CRLF records, and a final unterminated line is dropped by some of them.
 */
export const TXT_LINE_ENDING = "\r\n";

/** A record that cannot be written or a line that cannot be read; names the field and its positions. */
export class TxtRecordError extends Error {
  override readonly name = "TxtRecordError";
  /** The offending field, or null when the problem is the line as a whole (e.g. its length). */
  readonly field: TxtField | null;

  constructor(problem: string, field: TxtField | null = null) {
    super(field ? `${field.label} (${positionText(field)}): ${problem}` : problem);
    this.field = field;
  }
}

function positionText(field: TxtField): string {
  return field.length === 1 ? `position ${field.start}` : `positions ${field.start}-${field.end}`;
}

const FIELD_INDEX: ReadonlyMap<string, number> = new Map(TXT_FIELDS.map((f, i) => [f.key, i]));
const BLANKS: readonly string[] = TXT_FIELDS.map((f) => " ".repeat(f.length));

function fieldAt(key: string): { field: TxtField; index: number } {
  const index = FIELD_INDEX.get(key);
  const field = index === undefined ? undefined : TXT_FIELDS[index];
  if (index === undefined || !field) throw new Error(`Unknown TXT field key: ${key}`);
  return { field, index };
}

// ---------------------------------------------------------------------------------------------
// Text

const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const NOT_PRINTABLE_ASCII = /[^\x20-\x7E]/gu;
const COMBINING_MARKS = /\p{M}/gu;
const WHITESPACE = /^\s$/u;

/** Letters and punctuation that NFD does not reduce to ASCII but that have an obvious spelling. */
const ASCII_SPELLINGS: Readonly<Record<string, string>> = {
  ß: "ss",
  Æ: "AE",
  æ: "ae",
  Œ: "OE",
  œ: "oe",
  Ø: "O",
  ø: "o",
  Ł: "L",
  ł: "l",
  Đ: "D",
  đ: "d",
  Ð: "D",
  ð: "d",
  Þ: "TH",
  þ: "th",
  ı: "i",
  "\u2018": "'",
  "\u2019": "'",
  "\u201A": "'",
  "\u201C": '"',
  "\u201D": '"',
  "\u201E": '"',
  "\u2010": "-",
  "\u2011": "-",
  "\u2012": "-",
  "\u2013": "-",
  "\u2014": "-",
  "\u2026": "...",
};

/** The printable-ASCII spelling of a text value, as the TXT file carries it (before cutting). */
export function toTxtText(value: string): string {
  if (PRINTABLE_ASCII.test(value)) return value;
  return (
    value
      .normalize("NFD")
      .replace(COMBINING_MARKS, "")
      // Recompose what is left so e.g. one Hangul syllable becomes one "?", not one per jamo.
      .normalize("NFC")
      .replace(NOT_PRINTABLE_ASCII, (ch) => ASCII_SPELLINGS[ch] ?? (WHITESPACE.test(ch) ? " " : "?"))
  );
}

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Collects one record's field values, each already exactly its field's length, in TXT_FIELDS
 * order. toTxtRecord joins them; the CSV writer trims and quotes them, so both files carry
 * the same characters.
 */
class FieldWriter {
  readonly values: string[] = BLANKS.slice();

  text(key: string, value: string): void {
    const { field, index } = fieldAt(key);
    const ascii = toTxtText(value);
    this.values[index] = ascii.length >= field.length ? ascii.slice(0, field.length) : ascii.padEnd(field.length);
  }

  code(key: string, value: string): void {
    const { field, index } = fieldAt(key);
    if (value === "") return;
    if (!/^\d+$/.test(value)) throw new TxtRecordError(`code "${value}" is not all digits`, field);
    if (value.length > field.length) throw new TxtRecordError(`code "${value}" is longer than ${field.length} digits`, field);
    this.values[index] = value.padStart(field.length, "0");
  }

  year(key: string, year: number): void {
    const { field, index } = fieldAt(key);
    if (!Number.isInteger(year) || year < 2000 || year > 2099) {
      throw new TxtRecordError(`year ${year} cannot be written as YY (read back as 20YY)`, field);
    }
    this.values[index] = String(year % 100).padStart(2, "0");
  }

  date(key: string, iso: string | null): void {
    const { field, index } = fieldAt(key);
    if (iso === null) return;
    const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
    if (!parts || !isCalendarDate(Number(parts[1]), Number(parts[2]), Number(parts[3]))) {
      throw new TxtRecordError(`"${iso}" is not a calendar date YYYY-MM-DD`, field);
    }
    const [, yyyy = "", mm = "", dd = ""] = parts;
    this.values[index] = mm + dd + yyyy.slice(2);
  }

  score(key: string, score: number | null): void {
    const { field, index } = fieldAt(key);
    if (score === null) return;
    if (!Number.isInteger(score) || score < 1 || score > 5) throw new TxtRecordError(`score ${score} is not 1-5`, field);
    this.values[index] = String(score);
  }

  flag(key: string, value: string): void {
    const { field, index } = fieldAt(key);
    if (value !== "Y" && value !== "N" && value !== "") throw new TxtRecordError(`"${value}" is not Y, N or blank`, field);
    if (value !== "") this.values[index] = value;
  }

  address(prefix: string, whose: string, address: PostalAddress): void {
    if (address.lines.length > ADDRESS_LINES) {
      throw new TxtRecordError(`${whose} address has ${address.lines.length} lines; the layout holds ${ADDRESS_LINES}`);
    }
    address.lines.forEach((line, i) => this.text(`${prefix}${i + 1}`, line));
  }
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The record's field values in TXT_FIELDS order, each padded to its field length (fillers are
 * spaces). Shared by toTxtRecord and the CSV writer; throws TxtRecordError for a record the
 * layout cannot hold (more than 30 exams, a code that does not fit, an invalid date, …).
 */
export function renderTxtFields(record: StudentRecord): string[] {
  const w = new FieldWriter();

  w.text("apId", record.apId);
  w.text("lastName", record.lastName);
  w.text("firstName", record.firstName);
  w.text("middleInitial", record.middleInitial);
  w.address("addressLine", "Student", record.address);
  w.text("state", record.address.state);
  w.text("zip", record.address.zip);
  w.text("countryCode", record.address.countryCode);
  w.text("gender", record.gender);
  w.date("dateOfBirth", record.dateOfBirth);
  w.text("educationLevel", record.educationLevel);
  w.text("expectedCollegeEntrance", record.expectedCollegeEntrance);
  w.flag("studentSearch", record.studentSearch);
  w.text("bestLanguage", record.bestLanguage);
  w.flag("sophomoreStanding", record.sophomoreStanding);

  checkCount("previous AIs", record.previousAis.length, PREVIOUS_AI_SLOTS);
  record.previousAis.forEach((ai, i) => {
    w.year(`previousAi${i + 1}Year`, ai.year);
    w.code(`previousAi${i + 1}Code`, ai.code);
  });
  checkCount("awards", record.awards.length, AWARD_SLOTS);
  record.awards.forEach((award, i) => {
    w.code(`award${i + 1}Type`, award.type);
    w.year(`award${i + 1}Year`, award.year);
  });

  const hs = record.highSchool;
  w.code("highSchoolAiCode", hs.aiCode);
  w.text("highSchoolContactName", hs.contactName);
  w.text("highSchoolName", hs.name);
  w.address("highSchoolAddressLine", "High school", hs.address);
  w.text("highSchoolState", hs.address.state);
  w.text("highSchoolZip", hs.address.zip);

  const college = record.college;
  w.code("collegeDiCode", college.diCode);
  w.text("collegeContactName", college.contactName);
  w.text("collegeName", college.name);
  w.address("collegeAddressLine", "College", college.address);
  w.text("collegeState", college.address.state);
  w.text("collegeZip", college.address.zip);

  checkCount("exams", record.exams.length, EXAM_SLOTS);
  record.exams.forEach((exam, i) => {
    const p = `exam${i + 1}`;
    if (exam.irregularityCodes.length > 2) {
      throw new TxtRecordError(`${exam.irregularityCodes.length} irregularity codes; the layout holds 2`, fieldAt(`${p}Irregularity2`).field);
    }
    w.year(`${p}AdminYear`, exam.adminYear);
    w.code(`${p}Code`, exam.examCode);
    w.score(`${p}Grade`, exam.score);
    w.code(`${p}Irregularity1`, exam.irregularityCodes[0] ?? "");
    w.code(`${p}Irregularity2`, exam.irregularityCodes[1] ?? "");
    w.text(`${p}Suppression`, exam.suppression);
    w.text(`${p}ClassSection`, exam.classSection);
  });

  w.date("dateGradesReleased", record.dateGradesReleased);
  w.date("dateLastStudentUpdate", record.dateLastStudentUpdate);
  w.date("dateOfReport", record.dateOfReport);
  w.text("serviceType", record.serviceType);
  w.text("serviceCode", record.serviceCode);
  w.text("orderingInstitutionKey", record.orderingInstitutionKey);

  if (record.raceEthnicity.length !== RACE_FLAGS) {
    throw new TxtRecordError(`Race/ethnicity has ${record.raceEthnicity.length} responses; the layout holds exactly ${RACE_FLAGS}`);
  }
  record.raceEthnicity.forEach((yes, i) => w.flag(`race${i + 1}`, yes ? "Y" : "N"));
  w.code("derivedAggregateRace", record.derivedAggregateRace);

  return w.values;
}

function checkCount(what: string, count: number, max: number): void {
  if (count > max) throw new TxtRecordError(`The record has ${count} ${what}; the layout holds at most ${max}`);
}

/** One TXT line, exactly 950 printable ASCII characters, without the line ending. */
export function toTxtRecord(record: StudentRecord): string {
  return renderTxtFields(record).join("");
}

/** A whole TXT file: every record followed by TXT_LINE_ENDING (the last one too). */
export function toTxtFile(records: Iterable<StudentRecord>): string {
  let out = "";
  for (const record of records) out += toTxtRecord(record) + TXT_LINE_ENDING;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ParseTxtOptions {
  /**
   * Two-digit years in MMDDYY dates up to this value read as 20YY, above it as 19YY.
   * Defaults to the current year's last two digits + 1.
   */
  twoDigitYearPivot?: number;
}

export function defaultTwoDigitYearPivot(today: Date = new Date()): number {
  return (today.getUTCFullYear() % 100) + 1;
}

class FieldReader {
  constructor(
    private readonly line: string,
    private readonly pivot: number,
  ) {}

  raw(key: string): { field: TxtField; raw: string } {
    const { field } = fieldAt(key);
    return { field, raw: this.line.slice(field.start - 1, field.end) };
  }

  isBlank(key: string): boolean {
    return this.raw(key).raw.trim() === "";
  }

  text(key: string): string {
    return this.raw(key).raw.trimEnd();
  }

  code(key: string): string {
    const { field, raw } = this.raw(key);
    if (raw.trim() === "") return "";
    if (!/^\d+$/.test(raw)) throw new TxtRecordError(`"${raw}" is not a zero-padded code (digits only)`, field);
    return raw;
  }

  year(key: string): number {
    const { field, raw } = this.raw(key);
    if (!/^\d\d$/.test(raw)) throw new TxtRecordError(`"${raw}" is not a two-digit year`, field);
    return 2000 + Number(raw);
  }

  date(key: string): string | null {
    const { field, raw } = this.raw(key);
    if (raw.trim() === "") return null;
    const parts = /^(\d\d)(\d\d)(\d\d)$/.exec(raw);
    const month = Number(parts?.[1]);
    const day = Number(parts?.[2]);
    const yy = Number(parts?.[3]);
    const year = yy <= this.pivot ? 2000 + yy : 1900 + yy;
    if (!parts || !isCalendarDate(year, month, day)) throw new TxtRecordError(`"${raw}" is not a date MMDDYY`, field);
    return `${year}-${parts[1]}-${parts[2]}`;
  }

  score(key: string): number | null {
    const { field, raw } = this.raw(key);
    if (raw === " ") return null;
    if (raw < "1" || raw > "5") throw new TxtRecordError(`"${raw}" is not a score 1-5 or blank`, field);
    return Number(raw);
  }

  flag(key: string): string {
    const { field, raw } = this.raw(key);
    if (raw === " ") return "";
    if (raw !== "Y" && raw !== "N") throw new TxtRecordError(`"${raw}" is not Y, N or blank`, field);
    return raw;
  }

  address(prefix: string, stateKey: string, zipKey: string): PostalAddress {
    const lines = Array.from({ length: ADDRESS_LINES }, (_, i) => this.text(`${prefix}${i + 1}`));
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return { lines, state: this.text(stateKey), zip: this.text(zipKey) };
  }
}

/**
 * The record in one TXT line (without its line ending). Throws TxtRecordError naming the field
 * and its positions for a malformed line: wrong length, a bad date, score or code, an exam
 * slot without a year or code, ….
 */
export function parseTxtRecord(line: string, options: ParseTxtOptions = {}): StudentRecord {
  if (line.length !== TXT_RECORD_LENGTH) {
    throw new TxtRecordError(`The line is ${line.length} characters long; a TXT record is exactly ${TXT_RECORD_LENGTH}`);
  }
  const r = new FieldReader(line, options.twoDigitYearPivot ?? defaultTwoDigitYearPivot());

  const apId = r.text("apId");
  if (apId.trim() === "") throw new TxtRecordError("AP ID is blank", fieldAt("apId").field);

  const previousAis: PreviousAi[] = [];
  for (let n = 1; n <= PREVIOUS_AI_SLOTS; n++) {
    if (r.isBlank(`previousAi${n}Year`) && r.isBlank(`previousAi${n}Code`)) continue;
    previousAis.push({ year: r.year(`previousAi${n}Year`), code: requiredCode(r, `previousAi${n}Code`) });
  }

  const awards: Award[] = [];
  for (let n = 1; n <= AWARD_SLOTS; n++) {
    if (r.isBlank(`award${n}Type`) && r.isBlank(`award${n}Year`)) continue;
    awards.push({ type: requiredCode(r, `award${n}Type`), year: r.year(`award${n}Year`) });
  }

  const exams: ExamResult[] = [];
  for (let n = 1; n <= EXAM_SLOTS; n++) {
    const p = `exam${n}`;
    // A slot is empty only when all of its eleven characters are; a half-filled slot is an error.
    if (EXAM_BLOCK.every((part) => r.isBlank(p + part.key))) continue;
    const irregularityCodes = [r.code(`${p}Irregularity1`), r.code(`${p}Irregularity2`)].filter((c) => c !== "");
    exams.push({
      adminYear: r.year(`${p}AdminYear`),
      examCode: requiredCode(r, `${p}Code`),
      score: r.score(`${p}Grade`),
      irregularityCodes,
      suppression: r.text(`${p}Suppression`),
      classSection: r.text(`${p}ClassSection`),
    });
  }

  const raceEthnicity = Array.from({ length: RACE_FLAGS }, (_, i) => r.flag(`race${i + 1}`) === "Y");

  return {
    apId,
    lastName: r.text("lastName"),
    firstName: r.text("firstName"),
    middleInitial: r.text("middleInitial"),
    address: { ...r.address("addressLine", "state", "zip"), countryCode: r.text("countryCode") },
    gender: r.text("gender"),
    dateOfBirth: r.date("dateOfBirth"),
    educationLevel: r.text("educationLevel"),
    expectedCollegeEntrance: r.text("expectedCollegeEntrance"),
    studentSearch: r.flag("studentSearch"),
    bestLanguage: r.text("bestLanguage"),
    sophomoreStanding: r.flag("sophomoreStanding"),
    previousAis,
    awards,
    highSchool: {
      aiCode: r.code("highSchoolAiCode"),
      contactName: r.text("highSchoolContactName"),
      name: r.text("highSchoolName"),
      address: r.address("highSchoolAddressLine", "highSchoolState", "highSchoolZip"),
    },
    college: {
      diCode: stripLeadingZeros(r.code("collegeDiCode"), 4),
      contactName: r.text("collegeContactName"),
      name: r.text("collegeName"),
      address: r.address("collegeAddressLine", "collegeState", "collegeZip"),
    },
    exams,
    dateGradesReleased: r.date("dateGradesReleased"),
    dateLastStudentUpdate: r.date("dateLastStudentUpdate"),
    dateOfReport: r.date("dateOfReport"),
    serviceType: r.text("serviceType"),
    serviceCode: r.text("serviceCode"),
    orderingInstitutionKey: r.text("orderingInstitutionKey"),
    raceEthnicity,
    derivedAggregateRace: r.code("derivedAggregateRace"),
  };
}

function requiredCode(r: FieldReader, key: string): string {
  const code = r.code(key);
  if (code === "") throw new TxtRecordError("is blank but the rest of its group is filled in", fieldAt(key).field);
  return code;
}

function stripLeadingZeros(code: string, minDigits: number): string {
  let i = 0;
  while (i < code.length - minDigits && code[i] === "0") i++;
  return code.slice(i);
}

export type TxtLineResult = { lineNumber: number; ok: true; record: StudentRecord } | { lineNumber: number; ok: false; error: TxtRecordError };

/**
 * Reads a whole TXT file line by line, for an uploader that must say which line is wrong.
 * Line numbers are 1-based and count every line of the file. Accepts CRLF or LF endings and a
 * UTF-8 byte-order mark; empty lines (such as after the final line ending) are skipped.
 */
export function* parseTxtFile(text: string, options: ParseTxtOptions = {}): Generator<TxtLineResult> {
  const resolved: ParseTxtOptions = { twoDigitYearPivot: options.twoDigitYearPivot ?? defaultTwoDigitYearPivot() };
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  let lineNumber = 0;
  let from = 0;
  while (from < body.length) {
    const newline = body.indexOf("\n", from);
    const to = newline === -1 ? body.length : newline;
    let line = body.slice(from, to);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    from = to + 1;
    lineNumber++;
    if (line === "") continue;
    let result: TxtLineResult;
    try {
      result = { lineNumber, ok: true, record: parseTxtRecord(line, resolved) };
    } catch (error) {
      if (!(error instanceof TxtRecordError)) throw error;
      result = { lineNumber, ok: false, error };
    }
    yield result;
  }
}
