import { z } from "zod";
import { fieldErrorsOf } from "@/lib/errors";
import type { StudentRecord } from "@/lib/formats/record";
import { parseTxtFile, type ParseTxtOptions, type TxtLineResult } from "@/lib/formats/txt";
import { ReleaseInputSchema, type ReleaseInput } from "@/lib/reports/schema";
import { normalizeDiCode } from "@/lib/admin/schema";

export interface TxtLineProblem {
  lineNumber: number;
  message: string;
}

export type TxtUploadParse = { ok: true; inputs: ReleaseInput[]; lineNumbers: number[] } | { ok: false; problems: TxtLineProblem[] };

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
    return { ok: false, problem: { lineNumber: line.lineNumber, message: `AP ID ${parsed.data.student.apId} is already on line ${earlier} for DI code ${parsed.data.diCode}` } };
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
