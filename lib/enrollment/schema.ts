import { z } from "zod";

/** A 5-digit U.S. ZIP code; ZIP+4 ("10023-1234") is accepted and narrowed to its first five digits. */
const ZipSchema = z
  .string()
  .trim()
  .regex(/^\d{5}(-?\d{4})?$/, { error: "Enter a 5-digit U.S. ZIP code, such as 10023." })
  .transform((zip) => zip.slice(0, 5));

/** GET /api/organizations: the "Professional Organization" typeahead. */
export const OrganizationSearchSchema = z
  .object({
    q: z.string().trim().max(100, { error: "Type at most 100 characters of the organization's name." }).default(""),
    zip: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), ZipSchema.optional()),
  })
  .refine((s) => s.q.length >= 2 || s.zip !== undefined, {
    error: "Type at least 2 characters of the organization's name, or a ZIP code.",
    path: ["q"],
  });
export type OrganizationSearch = z.infer<typeof OrganizationSearchSchema>;

/** Most suggestions the typeahead shows; narrowing by ZIP or more letters finds the rest. */
export const ORGANIZATION_SEARCH_LIMIT = 20;

const OrganizationIdSchema = z.uuid({ error: "Select your professional organization from the list." });

/** POST /api/enrollment/redeem: "Provide your access information". */
export const RedeemSchema = z.object({
  organizationId: OrganizationIdSchema,
  accessCode: z
    .string({ error: "Enter the access code you were sent." })
    .trim()
    .min(1, { error: "Enter the access code you were sent." })
    .max(64, { error: "An access code is at most 64 characters long. Check the code in your email." }),
});
export type RedeemInput = z.infer<typeof RedeemSchema>;

/** POST /api/enrollment/leave: the confirmation is part of the request, so a stray click cannot leave. */
export const LeaveSchema = z.object({
  organizationId: z.uuid({ error: "Choose the institution to leave." }),
  confirm: z.literal(true, { error: "Confirm that you want to leave this institution." }),
});
export type LeaveInput = z.infer<typeof LeaveSchema>;

/** POST /api/enrollment/selection: the institution switcher. */
export const SelectInstitutionSchema = z.object({
  organizationId: z.uuid({ error: "Choose one of your institutions." }),
});
