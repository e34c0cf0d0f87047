import { z } from "zod";
import { isIsoDate, zonedIsoDate } from "@/lib/dates";

/**
 * What the Bulk Reports tab sends to POST /api/bulk/files. Retention and "not in the future"
 * checks on the start date live in customRangeBounds (lib/bulk/mutations.ts), which the web
 * service shares; this schema catches what can be told from the input alone.
 */

const FORMAT_ERROR = "Choose a file format: TXT or CSV.";
const TYPE_ERROR = "Choose a download option: Incremental File, Full File or Custom Date Range.";

const optionalDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || isIsoDate(v), `Enter the ${label} as a real date (YYYY-MM-DD).`);

export const BulkFileRequestSchema = z
  .object({
    /** The institution to act on; absent = the user's selected institution. Always re-authorized. */
    institutionId: z.uuid("The institution is not valid.").optional(),
    format: z.enum(["TXT", "CSV"], { error: FORMAT_ERROR }),
    type: z.enum(["INCREMENTAL", "FULL", "CUSTOM"], { error: TYPE_ERROR }),
    start: optionalDate("start date"),
    end: optionalDate("end date"),
  })
  .superRefine((input, ctx) => {
    if (input.type !== "CUSTOM") return;
    if (!input.start) ctx.addIssue({ code: "custom", path: ["start"], message: "Enter a start date for the custom date range." });
    if (!input.end) ctx.addIssue({ code: "custom", path: ["end"], message: "Enter an end date for the custom date range." });
    if (input.start && input.end && input.start > input.end) {
      ctx.addIssue({ code: "custom", path: ["end"], message: "The end date must be on or after the start date." });
    }
    // "Anywhere between July 1, YYYY and today" — today in the reporting time zone.
    if (input.end && input.end > zonedIsoDate(new Date())) {
      ctx.addIssue({ code: "custom", path: ["end"], message: "The end date cannot be after today." });
    }
  });
export type BulkFileRequest = z.infer<typeof BulkFileRequestSchema>;

/** `/bulk?institution=<id>`: a candidate only; the page authorizes it before use. */
export const BulkPageQuerySchema = z.object({
  institution: z.uuid().optional().catch(undefined),
});

/** Route parameter of GET /api/bulk/files/{id}/download: bulk file ids are bigint serials. */
export const BulkFileIdSchema = z.string().regex(/^\d{1,18}$/, "The file id is not valid.");
