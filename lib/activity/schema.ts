import { z } from "zod";
import { isIsoDate } from "@/lib/dates";

/** What the activity page and its CSV export can be filtered by (query-string values). */
export const ACTIVITY_TYPES = ["FULL", "INCREMENTAL", "CUSTOM", "PDF"] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_TYPE_LABELS: Record<ActivityType, string> = {
  FULL: "Full File",
  INCREMENTAL: "Incremental File",
  CUSTOM: "Custom Date Range",
  PDF: "Individual Reports (PDF)",
};

export const CHANNEL_LABELS = { PORTAL: "Portal", WEB_SERVICE: "Web service", SFTP: "SFTP delivery" } as const;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());
const date = z.string().refine(isIsoDate, "must be a date in YYYY-MM-DD form");

export const ActivityFilterSchema = z
  .object({
    institution: optional(z.uuid("is not a valid institution id")),
    user: optional(z.uuid("is not a valid user id")),
    type: optional(z.enum(ACTIVITY_TYPES, { error: "must be Full File, Incremental File, Custom Date Range or PDF" })),
    channel: optional(z.enum(["PORTAL", "WEB_SERVICE", "SFTP"], { error: "must be Portal, Web service or SFTP delivery" })),
    from: optional(date),
    to: optional(date),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "The start date must be on or before the end date.", path: ["to"] });

export type ActivityFilter = z.infer<typeof ActivityFilterSchema>;
