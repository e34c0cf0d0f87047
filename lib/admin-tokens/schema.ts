import { z } from "zod";

export const CreateTokenSchema = z.object({ name: z.string().trim().max(80, "must be at most 80 characters").min(1, "is required") });
