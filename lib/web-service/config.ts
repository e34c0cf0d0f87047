import { z } from "zod";

/**
 * Lifetimes and limits of the web service. The real service publishes none of these; the
 * replica documents its choices on /docs/web-service and keeps them stable. Each can be
 * changed by environment variable (tests shorten the URL lifetime to see it expire).
 */
const ConfigSchema = z.object({
  /** authToken lifetime: one script run comfortably fits in it. */
  WS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(3600),
  /** Pre-signed download URL lifetime, like an object store's short-lived links. */
  WS_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** webServiceAuth calls per account per window. */
  WS_AUTH_LIMIT: z.coerce.number().int().min(1).default(20),
  WS_AUTH_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
  /** fileGeneration calls per account per window. */
  WS_GENERATION_LIMIT: z.coerce.number().int().min(1).default(300),
  WS_GENERATION_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
});

export type WebServiceConfig = z.infer<typeof ConfigSchema>;

/** Read on every call (cheap), so tests can change a variable between cases. */
export function webServiceConfig(): WebServiceConfig {
  const parsed = ConfigSchema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid web-service settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}
