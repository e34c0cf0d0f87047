import { z } from "zod";
import { isIsoDate } from "@/lib/dates";
import { refusal } from "@/lib/errors";

/**
 * The PDF tab's inputs. A lookup is either one of the "PDF Report Download Options" (new / all
 * / custom date range) or exactly one "Individual Student Search Criteria" field. Results are
 * refined (name or AP ID), filtered by status, sorted and paged through the query string, so
 * a result page can be shared and the back button works.
 */

/** Seed 000: "Each PDF download has a maximum of 100 students." */
export const MAX_PDF_SELECTION = 100;
export const PAGE_SIZE = 50;

export const PDF_STATUSES = ["new", "not-downloaded", "downloaded"] as const;
export type PdfStatus = (typeof PDF_STATUSES)[number];

export const STATUS_LABELS: Record<PdfStatus, string> = {
  new: "New",
  "not-downloaded": "Not Downloaded",
  downloaded: "Previously Downloaded",
};

export const SORT_COLUMNS = ["lastName", "firstName", "middleInitial", "dateOfBirth", "apId", "releasedAt", "downloadedAt"] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export const CRITERIA_FIELDS = ["lastName", "dateOfBirth", "email"] as const;
export type CriteriaField = (typeof CRITERIA_FIELDS)[number];

export const CRITERIA_LABELS: Record<CriteriaField, string> = {
  lastName: "Last Name",
  dateOfBirth: "Date of Birth",
  email: "Email Address",
};

export type Lookup =
  { kind: "new" } | { kind: "all" } | { kind: "range"; start: string; end: string } | { kind: "criteria"; field: CriteriaField; value: string };

export interface Refinement {
  /** Prefix of the last name, first name or AP ID. */
  q: string;
  status: PdfStatus | null;
  sort: SortColumn;
  dir: "asc" | "desc";
  page: number;
}

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v : undefined));

const optionalDate = (message: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || isIsoDate(v), message);

/** Forms send "" for an untouched select or field: treat it as absent. */
const blankIsAbsent = <S extends z.ZodType>(schema: S) => z.preprocess((v) => (v === "" ? undefined : v), schema);

/** The raw query string of /pdf and GET /api/pdf/reports (every value a string). */
export const LookupQuerySchema = z
  .object({
    /** Which form was sent: the criteria form must carry one criterion. */
    find: blankIsAbsent(z.enum(["criteria", "option"]).optional()),
    option: blankIsAbsent(z.enum(["new", "all", "custom"], { error: "Choose New Student Reports, All Student Reports or Custom Date Range." }).optional()),
    start: optionalDate("Enter the start date as a real date (MM/DD/YYYY)."),
    end: optionalDate("Enter the end date as a real date (MM/DD/YYYY)."),
    lastName: optionalText(60, "A last name has at most 60 characters."),
    dateOfBirth: optionalDate("Enter the date of birth as a real date (MM/DD/YYYY)."),
    email: optionalText(254, "An email address has at most 254 characters."),
    q: optionalText(60, "Search text has at most 60 characters."),
    status: blankIsAbsent(z.enum(PDF_STATUSES, { error: "Unknown status filter." }).optional()),
    sort: blankIsAbsent(z.enum(SORT_COLUMNS, { error: "Unknown sort column." }).optional()),
    dir: blankIsAbsent(z.enum(["asc", "desc"], { error: "Sort direction must be asc or desc." }).optional()),
    page: blankIsAbsent(
      z.coerce.number({ error: "Page must be a number." }).int("Page must be a whole number.").min(1, "Page must be 1 or more.").max(100_000).optional(),
    ),
  })
  .superRefine((v, ctx) => {
    const criteria = CRITERIA_FIELDS.filter((f) => v[f] !== undefined);
    if (v.find === "criteria" && criteria.length === 0) {
      ctx.addIssue({ code: "custom", path: ["lastName"], message: "Enter search criteria into one field below to find a specific student." });
    }
    if (criteria.length > 1) {
      for (const f of criteria) {
        ctx.addIssue({ code: "custom", path: [f], message: "Enter search criteria into one field only: Last Name, Date of Birth or Email Address." });
      }
    }
    if (v.email !== undefined && !z.email().safeParse(v.email).success) {
      ctx.addIssue({ code: "custom", path: ["email"], message: "Enter a valid email address, e.g. name@example.com." });
    }
    if (v.option === "custom" && criteria.length === 0) {
      if (!v.start) ctx.addIssue({ code: "custom", path: ["start"], message: "Enter a start date." });
      if (!v.end) ctx.addIssue({ code: "custom", path: ["end"], message: "Enter an end date." });
      if (v.start && v.end && v.start > v.end) ctx.addIssue({ code: "custom", path: ["end"], message: "The end date must be on or after the start date." });
    }
  });
export type LookupQuery = z.infer<typeof LookupQuerySchema>;

/** GET /api/pdf/reports: the lookup, and optionally the institution the page showed. */
export const LookupRequestSchema = z.intersection(
  LookupQuerySchema,
  z.object({ institutionId: z.uuid("institutionId must be an institution id.").optional() }),
);

/** The answer to a lookup request that asks for no lookup at all. */
export const LOOKUP_REQUIRED = refusal(
  "BAD_REQUEST",
  "Enter search criteria into one field (Last Name, Date of Birth or Email Address), or choose a download option.",
  {
    field: "lastName",
  },
);

/** Which lookup a parsed query asks for; null when it asks for none (the empty form). */
export function lookupOf(query: LookupQuery): Lookup | null {
  for (const field of CRITERIA_FIELDS) {
    const value = query[field];
    if (value !== undefined) return { kind: "criteria", field, value };
  }
  if (query.option === "new") return { kind: "new" };
  if (query.option === "all") return { kind: "all" };
  if (query.option === "custom" && query.start && query.end) return { kind: "range", start: query.start, end: query.end };
  return null;
}

export function refinementOf(query: LookupQuery): Refinement {
  return {
    q: query.q ?? "",
    status: query.status ?? null,
    sort: query.sort ?? "lastName",
    dir: query.dir ?? "asc",
    page: query.page ?? 1,
  };
}

/** The query string that reproduces a lookup (used by links for sorting, filtering and paging). */
export function lookupParams(lookup: Lookup): Record<string, string> {
  switch (lookup.kind) {
    case "new":
      return { option: "new" };
    case "all":
      return { option: "all" };
    case "range":
      return { option: "custom", start: lookup.start, end: lookup.end };
    case "criteria":
      return { [lookup.field]: lookup.value };
  }
}

const reportId = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .refine((v) => /^[1-9]\d{0,17}$/.test(v), "Each report id must be a positive whole number.");

/** POST /api/pdf/download: the selected reports (JSON array, or repeated form fields). */
export const DownloadRequestSchema = z.object({
  reportIds: z
    .array(reportId, { error: "Send the selected reports as reportIds: [...]." })
    .min(1, "Select at least one student to download.")
    .max(MAX_PDF_SELECTION, `Select up to ${MAX_PDF_SELECTION} students per download. To download more, batch them in multiple downloads.`)
    .refine((ids) => new Set(ids).size === ids.length, "Each student may be selected only once."),
  /** The institution the page showed; refused when the user does not hold it. */
  institutionId: z.uuid("institutionId must be an institution id.").optional(),
});
export type DownloadRequest = z.infer<typeof DownloadRequestSchema>;

/** The same request posted by a plain HTML form: repeated (or comma-separated) reportIds fields. */
export function downloadRequestFromForm(form: URLSearchParams): { reportIds: string[]; institutionId?: string } {
  const reportIds = form
    .getAll("reportIds")
    .flatMap((v) => v.split(","))
    .filter((v) => v.trim() !== "");
  const institutionId = form.get("institutionId");
  return institutionId ? { reportIds, institutionId } : { reportIds };
}

/**
 * Date rules that depend on today: a custom range lies between the retention start and today
 * (seed 000: "anywhere between <date> and today"). Returns messages per field, empty when fine.
 */
export function dateRangeErrors(lookup: Lookup, bounds: { earliest: string; today: string }): Record<string, string> {
  if (lookup.kind !== "range") return {};
  const errors: Record<string, string> = {};
  const outside = `Choose a date between ${usDate(bounds.earliest)} and today (${usDate(bounds.today)}).`;
  if (lookup.start < bounds.earliest || lookup.start > bounds.today) errors.start = `The start date is outside the range offered. ${outside}`;
  if (lookup.end < bounds.earliest || lookup.end > bounds.today) errors.end = `The end date is outside the range offered. ${outside}`;
  return errors;
}

function usDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${m}/${d}/${y}`;
}
