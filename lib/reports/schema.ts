import { z } from "zod";
import { isAwardType, isExamCode, isIrregularityCode } from "@/lib/formats/codes";
import { isIsoDate } from "@/lib/dates";
import { AppError, badInput, fieldErrorsOf, refusal, type Refusal } from "@/lib/errors";
import type { StudentRecord } from "@/lib/formats/record";
import { parseTxtFile, type ParseTxtOptions, type TxtLineResult } from "@/lib/formats/txt";
import { DiCodeSchema, normalizeDiCode } from "@/lib/institutions/schema";

/** Score data sent in through the admin API (one report, or up to 1,000 in a batch). */

const isoDate = z.string().refine(isIsoDate, "must be a real date in YYYY-MM-DD form");
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const AddressSchema = z.object({
  lines: z.array(text(30)).max(3, "at most 3 address lines").default([]),
  city: text(30).optional(),
  state: z
    .string()
    .trim()
    .regex(/^([A-Z]{2})?$/, "must be a 2-letter state code")
    .default(""),
  zip: z
    .string()
    .trim()
    .regex(/^(\d{5}(\d{4})?)?$/, "must be a 5- or 9-digit ZIP code")
    .default(""),
  countryCode: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{0,3}$/, "must be up to 3 letters")
    .default(""),
});

export const StudentInputSchema = z.object({
  apId: z
    .string()
    .trim()
    .regex(/^[A-Z0-9]{8}$/, "must be 8 letters or digits (uppercase), e.g. UZW0Y52X"),
  // Full names are kept (PDFs and lookups show them); the TXT layout truncates to 12 and 15.
  firstName: text(60).min(1, "is required"),
  lastName: text(60).min(1, "is required"),
  middleInitial: z
    .string()
    .trim()
    .regex(/^[A-Za-z]?$/, "must be one letter")
    .default(""),
  dateOfBirth: isoDate,
  email: z.email("must be a valid email address").max(254).optional(),
  gender: z.enum(["M", "F", "A", "U"], { error: "must be M, F, A or U" }).default("U"),
  address: AddressSchema.default({ lines: [], state: "", zip: "", countryCode: "" }),
  highSchool: z
    .object({
      aiCode: z
        .string()
        .regex(/^(\d{6})?$/, "must be a 6-digit AI code")
        .default(""),
      name: text(30).default(""),
      contactName: text(30).default(""),
      address: AddressSchema.default({ lines: [], state: "", zip: "", countryCode: "" }),
    })
    .default({ aiCode: "", name: "", contactName: "", address: { lines: [], state: "", zip: "", countryCode: "" } }),
  educationLevel: z
    .string()
    .regex(/^[0-9 ]?$/, "must be one digit")
    .default(""),
  expectedCollegeEntrance: z
    .string()
    .regex(/^[A-Z0-9 ]{0,3}$/)
    .default(""),
  studentSearch: z.enum(["Y", "N", ""]).default(""),
  bestLanguage: z
    .string()
    .regex(/^[0-9 ]?$/)
    .default(""),
  sophomoreStanding: z.enum(["Y", "N", ""]).default(""),
  raceEthnicity: z.array(z.boolean()).length(11, "must have 11 responses").optional(),
  derivedAggregateRace: z
    .string()
    .regex(/^(\d{2})?$/)
    .default(""),
});

export const ExamInputSchema = z.object({
  adminYear: z.number().int().min(1990, "must be 1990 or later").max(2100, "must be 2100 or earlier"),
  examCode: z.string().refine(isExamCode, "is not a known AP exam code"),
  score: z.number().int().min(1, "must be 1-5").max(5, "must be 1-5").nullable(),
  irregularityCodes: z.array(z.string().refine(isIrregularityCode, "is not a known irregularity code")).max(2, "at most 2 irregularity codes").default([]),
  suppression: z
    .string()
    .regex(/^[A-Z0-9 ]?$/, "must be one character")
    .default(""),
  classSection: z
    .string()
    .regex(/^[A-Z0-9 ]?$/, "must be one character")
    .default(""),
});

export const AwardInputSchema = z.object({
  type: z.string().refine(isAwardType, "is not a known award type"),
  year: z.number().int().min(1990).max(2100),
});

export const ReleaseInputSchema = z.object({
  diCode: z.string().regex(/^\d{4,6}$/, "must be a 4-6 digit DI code"),
  student: StudentInputSchema,
  exams: z.array(ExamInputSchema).min(1, "at least one exam is required").max(30, "at most 30 exams"),
  awards: z.array(AwardInputSchema).max(6, "at most 6 awards").default([]),
  releasedAt: z.iso.datetime({ offset: true, error: "must be an ISO date-time" }).optional(),
});
export type ReleaseInput = z.infer<typeof ReleaseInputSchema>;

export const MAX_BATCH = 1000;

/** Either one report or `{ "reports": [...] }` with up to 1,000 (all-or-nothing). */
export const ReleaseBatchSchema = z.preprocess(
  (body) => (body !== null && typeof body === "object" && "reports" in body ? body : { reports: [body] }),
  z.object({
    reports: z.array(ReleaseInputSchema).min(1, "at least one report is required").max(MAX_BATCH, `at most ${MAX_BATCH} reports per batch`),
  }),
);

// ───────────────────────────── loading score data (admin API) ─────────────────────────────

/**
 * The body of POST /api/admin/score-reports: one report, or `{ "reports": [...] }` (the
 * contract is ReleaseBatchSchema). A single report is checked on its own so that the error
 * names the field as the caller wrote it ("student.apId"); in a batch it carries the index
 * ("reports.3.student.apId").
 */
export function parseScoreReportsBody(body: unknown): ReleaseInput[] {
  const isBatch = body !== null && typeof body === "object" && !Array.isArray(body) && "reports" in body;
  if (!isBatch) {
    const single = ReleaseInputSchema.safeParse(body);
    if (!single.success) throw badInput(single.error);
    return [single.data];
  }
  const batch = ReleaseBatchSchema.safeParse(body);
  if (!batch.success) throw badInput(batch.error);
  return batch.data.reports;
}

/** The same from the request's text: invalid JSON is a 400 that says what the body must be. */
export function parseScoreReportsText(text: string): { inputs: ReleaseInput[]; isBatch: boolean } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", 'The request body must be valid JSON: one report or { "reports": [...] }.');
  }
  const inputs = parseScoreReportsBody(body);
  return { inputs, isBatch: typeof body === "object" && body !== null && "reports" in body };
}

/** ~1,000 full reports as JSON stay well under this. */
export const SCORE_REPORTS_MAX_BYTES = 5_000_000;
/** The TXT upload streams (lib/reports/txt-stream.ts): 100,000 lines of 952 bytes with CRLF, and a BOM. */
export const MAX_TXT_RECORDS = 100_000;
export const TXT_UPLOAD_MAX_BYTES = MAX_TXT_RECORDS * 952 + 3;

/** POST /api/admin/score-reports/txt?diCode=…: the DI code every record goes to (else the record's own). */
export const TxtUploadQuerySchema = z.object({ diCode: DiCodeSchema.optional() });

// ───────────────────────────── TXT files in ─────────────────────────────

export interface TxtLineProblem {
  lineNumber: number;
  message: string;
}

export type TxtUploadParse = { ok: true; inputs: ReleaseInput[]; lineNumbers: number[] } | { ok: false; problems: TxtLineProblem[] };

/** A refused upload: the first problem (and how many more), every problem by line. Nothing was loaded. */
export function txtUploadRefusal(problems: TxtLineProblem[]): Refusal {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  const fieldErrors = Object.fromEntries(problems.slice(0, 100).map((p) => [`line ${p.lineNumber}`, p.message]));
  const where = first!.lineNumber > 0 ? `Line ${first!.lineNumber}: ` : "";
  return refusal("BAD_REQUEST", `${where}${first!.message}${more}. Nothing was loaded.`, {
    field: first!.lineNumber > 0 ? `line ${first!.lineNumber}` : "file",
    fieldErrors,
  });
}

/** The release input a TXT record stands for, sent to `diCode` (the URL's, else the record's). */
export function recordToReleaseInput(record: StudentRecord, diCode: string | null): unknown {
  return {
    diCode: diCode ?? (record.college.diCode ? normalizeDiCode(record.college.diCode) : ""),
    student: {
      apId: record.apId,
      firstName: record.firstName,
      lastName: record.lastName,
      middleInitial: record.middleInitial,
      // The schema asks for a date; a blank one is reported as "student.dateOfBirth".
      dateOfBirth: record.dateOfBirth ?? "",
      gender: record.gender === "" ? "U" : record.gender,
      address: {
        lines: record.address.lines,
        state: record.address.state,
        zip: record.address.zip,
        countryCode: record.address.countryCode,
      },
      highSchool: {
        aiCode: record.highSchool.aiCode,
        name: record.highSchool.name,
        contactName: record.highSchool.contactName,
        address: { lines: record.highSchool.address.lines, state: record.highSchool.address.state, zip: record.highSchool.address.zip, countryCode: "" },
      },
      educationLevel: record.educationLevel,
      expectedCollegeEntrance: record.expectedCollegeEntrance,
      studentSearch: record.studentSearch,
      bestLanguage: record.bestLanguage,
      sophomoreStanding: record.sophomoreStanding,
      raceEthnicity: record.raceEthnicity,
      derivedAggregateRace: record.derivedAggregateRace,
    },
    exams: record.exams.map((e) => ({
      adminYear: e.adminYear,
      examCode: e.examCode,
      score: e.score,
      irregularityCodes: e.irregularityCodes,
      suppression: e.suppression,
      classSection: e.classSection,
    })),
    awards: record.awards.map((a) => ({ type: a.type, year: a.year })),
  };
}

function firstIssue(error: z.ZodError): string {
  const [field, message] = Object.entries(fieldErrorsOf(error))[0] ?? ["_", "is not valid"];
  return field === "_" ? message : `${field}: ${message}`;
}

export type TxtLineCheck = { ok: true; input: ReleaseInput } | { ok: false; problem: TxtLineProblem };

/**
 * Checks one parsed line: a valid release input, not a second line for the same student and
 * college (`seen` remembers the keys of earlier lines, by line number).
 */
export function checkTxtLine(line: TxtLineResult, diCode: string | null, seen: Map<string, number>): TxtLineCheck {
  if (!line.ok) return { ok: false, problem: { lineNumber: line.lineNumber, message: line.error.message } };
  const parsed = ReleaseInputSchema.safeParse(recordToReleaseInput(line.record, diCode));
  if (!parsed.success) return { ok: false, problem: { lineNumber: line.lineNumber, message: firstIssue(parsed.error) } };
  // Two lines for one student at one college in one file would release two versions at once.
  const key = `${parsed.data.diCode}:${parsed.data.student.apId}`;
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    return {
      ok: false,
      problem: { lineNumber: line.lineNumber, message: `AP ID ${parsed.data.student.apId} is already on line ${earlier} for DI code ${parsed.data.diCode}` },
    };
  }
  seen.set(key, line.lineNumber);
  return { ok: true, input: parsed.data };
}

/**
 * Reads a whole TXT file (950-character layout) into release inputs. Every malformed line is
 * reported with its 1-based line number; a file with any problem yields no inputs at all, so
 * the caller loads all of it or nothing.
 */
export function parseTxtUpload(text: string, diCode: string | null, options: ParseTxtOptions & { maxRecords?: number } = {}): TxtUploadParse {
  const inputs: ReleaseInput[] = [];
  const lineNumbers: number[] = [];
  const problems: TxtLineProblem[] = [];
  const seen = new Map<string, number>();
  for (const line of parseTxtFile(text, options)) {
    const checked = checkTxtLine(line, diCode, seen);
    if (!checked.ok) {
      problems.push(checked.problem);
      continue;
    }
    inputs.push(checked.input);
    lineNumbers.push(line.lineNumber);
  }
  if (problems.length) return { ok: false, problems };
  if (inputs.length === 0) return { ok: false, problems: [{ lineNumber: 0, message: "The file has no records." }] };
  if (options.maxRecords !== undefined && inputs.length > options.maxRecords) {
    return { ok: false, problems: [{ lineNumber: 0, message: `The file has ${inputs.length} records; upload at most ${options.maxRecords} at a time.` }] };
  }
  return { ok: true, inputs, lineNumbers };
}
