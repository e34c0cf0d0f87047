import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/audit";
import { badInput, parseOrThrow } from "@/lib/errors";
import { MAX_BATCH, ReleaseBatchSchema, ReleaseInputSchema, type ReleaseInput } from "@/lib/reports/schema";

// ───────────────────────────── score data ─────────────────────────────

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

/** ~1,000 full reports as JSON stay well under this. */
export const SCORE_REPORTS_MAX_BYTES = 5_000_000;
/** A TXT line is 952 bytes with CRLF: 1,000 records and some slack. */
/** The TXT upload streams (lib/admin/txt-stream.ts): 100,000 lines of 950 characters plus line endings. */
export const MAX_TXT_RECORDS = 100_000;
export const TXT_UPLOAD_MAX_BYTES = MAX_TXT_RECORDS * 952 + 3;

// ───────────────────────────── institutions ─────────────────────────────

/**
 * DI codes are 4-6 digits. The TXT layout writes them zero-padded to six, so leading zeros
 * beyond four digits are dropped: "005818" and "5818" are one institution.
 */
export const DiCodeSchema = z
  .string({ error: "is required" })
  .trim()
  .regex(/^\d{4,6}$/, "must be a 4-6 digit DI code")
  .transform((code) => normalizeDiCode(code));

export function normalizeDiCode(code: string): string {
  let i = 0;
  while (i < code.length - 4 && code[i] === "0") i++;
  return code.slice(i);
}

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

const InstitutionFields = {
  name: text(30).min(1, "is required"),
  addressLines: z.array(text(30)).max(3, "at most 3 address lines").transform((lines) => lines.filter((l) => l !== "")),
  city: text(30),
  state: z.string().trim().toUpperCase().regex(/^([A-Z]{2})?$/, "must be a 2-letter state code"),
  zip: z.string().trim().regex(/^(\d{5})?$/, "must be a 5-digit ZIP code"),
  contactName: text(30),
  contactEmail: z.union([z.literal(""), z.email("must be a valid email address").max(254)]),
};

export const CreateInstitutionSchema = z.object({
  diCode: DiCodeSchema,
  name: InstitutionFields.name,
  addressLines: InstitutionFields.addressLines.default([]),
  city: InstitutionFields.city.default(""),
  state: InstitutionFields.state.default(""),
  zip: InstitutionFields.zip.default(""),
  contactName: InstitutionFields.contactName.default(""),
  contactEmail: InstitutionFields.contactEmail.default(""),
});
export type CreateInstitutionInput = z.infer<typeof CreateInstitutionSchema>;
/** An institution's editable details (everything but its DI code). */
export type InstitutionValues = Omit<CreateInstitutionInput, "diCode">;

export const UpdateInstitutionSchema = z
  .object({
    name: InstitutionFields.name.optional(),
    addressLines: InstitutionFields.addressLines.optional(),
    city: InstitutionFields.city.optional(),
    state: InstitutionFields.state.optional(),
    zip: InstitutionFields.zip.optional(),
    contactName: InstitutionFields.contactName.optional(),
    contactEmail: InstitutionFields.contactEmail.optional(),
  })
  .strict();
export type UpdateInstitutionInput = z.infer<typeof UpdateInstitutionSchema>;

export const InstitutionSearchSchema = z.object({
  q: z.string().trim().max(100).default(""),
  zip: z.string().trim().regex(/^\d{0,5}$/, "must be up to 5 digits").default(""),
});

// ───────────────────────────── access codes ─────────────────────────────

const FutureDateTime = z.iso
  .datetime({ offset: true, error: "must be an ISO date-time such as 2027-06-30T23:59:59Z" })
  .transform((v) => new Date(v))
  .refine((d) => d.getTime() > Date.now(), "must be in the future");

/** An explicit code (test suites pick their own): letters, digits, spaces and hyphens. */
export const ExplicitCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, "may contain only letters, digits, spaces and hyphens")
  .refine((c) => c.replace(/[\s-]+/g, "").length >= 8, "must have at least 8 letters or digits")
  .refine((c) => c.replace(/[\s-]+/g, "").length <= 40, "must have at most 40 letters or digits");

export const IssueAccessCodeSchema = z.object({
  code: ExplicitCodeSchema.optional(),
  expiresAt: FutureDateTime.nullable().optional(),
  maxRedemptions: z.number().int().min(1, "must be at least 1").max(100_000).nullable().optional(),
  purpose: z.enum(["HED", "K12_SCHOOL"], { error: "must be HED or K12_SCHOOL" }).default("HED"),
});
export type IssueAccessCodeInput = z.infer<typeof IssueAccessCodeSchema>;

export const RotateAccessCodeSchema = IssueAccessCodeSchema.omit({ purpose: true });
export type RotateAccessCodeInput = z.infer<typeof RotateAccessCodeSchema>;

export const UpdateAccessCodeSchema = z
  .object({
    expiresAt: FutureDateTime.nullable().optional(),
    maxRedemptions: z.number().int().min(1, "must be at least 1").max(100_000).nullable().optional(),
  })
  .strict();
export type UpdateAccessCodeInput = z.infer<typeof UpdateAccessCodeSchema>;

export const UuidSchema = z.uuid("is not a valid id");

// ───────────────────────────── users, tokens, audit ─────────────────────────────

export const UserSearchSchema = z.object({ q: z.string().trim().max(254).default("") });

export const CreateTokenSchema = z.object({ name: text(80).min(1, "is required") });

const PAGE_SIZE_MAX = 200;

export const AuditFilterSchema = z.object({
  /** Email (exact, any case) or user id of the actor or the target. */
  user: z.string().trim().max(254).default(""),
  /** DI code (or school code) of the institution. */
  institution: z.string().trim().regex(/^(\d{4,6})?$/, "must be a 4-6 digit DI code").default(""),
  action: z.union([z.literal(""), z.enum(AUDIT_ACTIONS, { error: "is not a known action" })]).default(""),
  from: z.union([z.literal(""), z.iso.date({ error: "must be a date YYYY-MM-DD" })]).default(""),
  to: z.union([z.literal(""), z.iso.date({ error: "must be a date YYYY-MM-DD" })]).default(""),
  /** Keyset cursor: events with a smaller id than this (newest first). */
  before: z.union([z.literal(""), z.string().regex(/^\d{1,19}$/, "must be an event id")]).default(""),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;

export const OutboxPageSchema = z.object({
  before: z.union([z.literal(""), z.string().regex(/^\d{1,19}$/, "must be an email id")]).default(""),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
});

/** A path parameter checked like a body field, so a bad one is a 400 that names it. */
export function pathParam<S extends z.ZodType>(name: string, schema: S, value: unknown): z.infer<S> {
  return parseOrThrow(z.object({ [name]: schema }), { [name]: value })[name] as z.infer<S>;
}
