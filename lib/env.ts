import { z } from "zod";

/** The reporting time zone: reporting years, date ranges and displayed dates use it. */
export const REPORTING_TIME_ZONE = "America/New_York";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().min(1, "DATABASE_URL is not set (npm start sets it for the embedded database)"),
  /** A streaming replica of DATABASE_URL that bulk files may be read from (docs/delivery-sequence.md). */
  DATABASE_REPLICA_URL: z.string().min(1).optional(),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  /** "production" marks a real deployment: it refuses to start while demo accounts exist. */
  APP_DEPLOYMENT: z.enum(["production", "staging", "development", "test"]).default("development"),
  /** Public base URL used in emails and web-service download links (defaults to the request's origin). */
  PUBLIC_BASE_URL: z.url().optional(),
  /** Passwords older than this many days are expired; 0 turns expiry off (the default). */
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: flag,
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().default("AP Higher Ed Score Reports <no-reply@localhost>"),
  /** Set to "false" to run the job worker separately (npm run worker). */
  WORKER_IN_APP: z.enum(["true", "false"]).default("true"),
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** Validated environment, read on first use so builds don't need runtime secrets. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}
