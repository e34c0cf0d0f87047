import { z } from "zod";

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
  addressLines: z
    .array(text(30))
    .max(3, "at most 3 address lines")
    .transform((lines) => lines.filter((l) => l !== "")),
  city: text(30),
  state: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^([A-Z]{2})?$/, "must be a 2-letter state code"),
  zip: z
    .string()
    .trim()
    .regex(/^(\d{5})?$/, "must be a 5-digit ZIP code"),
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
  zip: z
    .string()
    .trim()
    .regex(/^\d{0,5}$/, "must be up to 5 digits")
    .default(""),
});

/** Path parameters of /api/admin/institutions/{diCode}/…: a bad one is a 400 naming it. */
export const InstitutionParamsSchema = z.object({ diCode: DiCodeSchema });
