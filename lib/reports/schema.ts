import { z } from "zod";
import { isAwardType, isExamCode, isIrregularityCode } from "@/lib/formats/codes";
import { isIsoDate } from "@/lib/dates";

/** Score data sent in through the admin API (one report, or up to 1,000 in a batch). */

const isoDate = z.string().refine(isIsoDate, "must be a real date in YYYY-MM-DD form");
const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const AddressSchema = z.object({
  lines: z.array(text(30)).max(3, "at most 3 address lines").default([]),
  city: text(30).optional(),
  state: z.string().trim().regex(/^([A-Z]{2})?$/, "must be a 2-letter state code").default(""),
  zip: z.string().trim().regex(/^(\d{5}(\d{4})?)?$/, "must be a 5- or 9-digit ZIP code").default(""),
  countryCode: z.string().trim().regex(/^[A-Z0-9]{0,3}$/, "must be up to 3 letters").default(""),
});

export const StudentInputSchema = z.object({
  apId: z.string().trim().regex(/^[A-Z0-9]{8}$/, "must be 8 letters or digits (uppercase), e.g. UZW0Y52X"),
  // Full names are kept (PDFs and lookups show them); the TXT layout truncates to 12 and 15.
  firstName: text(60).min(1, "is required"),
  lastName: text(60).min(1, "is required"),
  middleInitial: z.string().trim().regex(/^[A-Za-z]?$/, "must be one letter").default(""),
  dateOfBirth: isoDate,
  email: z.email("must be a valid email address").max(254).optional(),
  gender: z.enum(["M", "F", "A", "U"], { error: "must be M, F, A or U" }).default("U"),
  address: AddressSchema.default({ lines: [], state: "", zip: "", countryCode: "" }),
  highSchool: z
    .object({
      aiCode: z.string().regex(/^(\d{6})?$/, "must be a 6-digit AI code").default(""),
      name: text(30).default(""),
      contactName: text(30).default(""),
      address: AddressSchema.default({ lines: [], state: "", zip: "", countryCode: "" }),
    })
    .default({ aiCode: "", name: "", contactName: "", address: { lines: [], state: "", zip: "", countryCode: "" } }),
  educationLevel: z.string().regex(/^[0-9 ]?$/, "must be one digit").default(""),
  expectedCollegeEntrance: z.string().regex(/^[A-Z0-9 ]{0,3}$/).default(""),
  studentSearch: z.enum(["Y", "N", ""]).default(""),
  bestLanguage: z.string().regex(/^[0-9 ]?$/).default(""),
  sophomoreStanding: z.enum(["Y", "N", ""]).default(""),
  raceEthnicity: z.array(z.boolean()).length(11, "must have 11 responses").optional(),
  derivedAggregateRace: z.string().regex(/^(\d{2})?$/).default(""),
});

export const ExamInputSchema = z.object({
  adminYear: z.number().int().min(1990, "must be 1990 or later").max(2100, "must be 2100 or earlier"),
  examCode: z.string().refine(isExamCode, "is not a known AP exam code"),
  score: z.number().int().min(1, "must be 1-5").max(5, "must be 1-5").nullable(),
  irregularityCodes: z.array(z.string().refine(isIrregularityCode, "is not a known irregularity code")).max(2, "at most 2 irregularity codes").default([]),
  suppression: z.string().regex(/^[A-Z0-9 ]?$/, "must be one character").default(""),
  classSection: z.string().regex(/^[A-Z0-9 ]?$/, "must be one character").default(""),
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
