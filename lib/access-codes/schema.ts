import { z } from "zod";
import { DiCodeSchema } from "@/lib/institutions/schema";

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

/** Path parameters of /api/admin/institutions/{diCode}/access-codes/{id}. */
export const AccessCodeParamsSchema = z.object({ diCode: DiCodeSchema, id: UuidSchema });
