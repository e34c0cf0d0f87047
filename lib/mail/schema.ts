import { z } from "zod";

const PAGE_SIZE_MAX = 200;

export const OutboxPageSchema = z.object({
  before: z.union([z.literal(""), z.string().regex(/^\d{1,19}$/, "must be an email id")]).default(""),
  limit: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(50),
});
