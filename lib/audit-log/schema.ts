import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/audit";

const PAGE_SIZE_MAX = 200;

export const AuditFilterSchema = z.object({
  /** Email (exact, any case) or user id of the actor or the target. */
  user: z.string().trim().max(254).default(""),
  /** DI code (or school code) of the institution. */
  institution: z
    .string()
    .trim()
    .regex(/^(\d{4,6})?$/, "must be a 4-6 digit DI code")
    .default(""),
  action: z.union([z.literal(""), z.enum(AUDIT_ACTIONS, { error: "is not a known action" })]).default(""),
  from: z.union([z.literal(""), z.iso.date({ error: "must be a date YYYY-MM-DD" })]).default(""),
  to: z.union([z.literal(""), z.iso.date({ error: "must be a date YYYY-MM-DD" })]).default(""),
  /** Keyset cursor: events with a smaller id than this (newest first). */
  before: z.union([z.literal(""), z.string().regex(/^\d{1,19}$/, "must be an event id")]).default(""),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
});
export type AuditFilter = z.infer<typeof AuditFilterSchema>;
