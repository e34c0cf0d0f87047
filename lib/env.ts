import { z } from "zod";

/** The reporting time zone: reporting years, date ranges and displayed dates use it. */
export const REPORTING_TIME_ZONE = "America/New_York";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/**
 * Every setting the app reads from its environment, in one schema (README "Configuration").
 * Nothing else in lib/ or app/ reads process.env; .ci/run checks that. Add a variable here,
 * with its default and a line in the README.
 */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Checked where the database is opened (lib/db.ts), so a build needs no database. */
  DATABASE_URL: z.string().optional(),
  /** Connections per process in the pool (benchmarks raise it). */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  /** "production" marks a real deployment: it refuses to start while demo accounts exist. */
  APP_DEPLOYMENT: z.enum(["production", "staging", "development", "test"]).default("development"),
  /** Public base URL used in emails and web-service download links (defaults to the request's origin). */
  PUBLIC_BASE_URL: z.url().optional(),
  /** The port `npm start` serves on; emails link to it when PUBLIC_BASE_URL is unset. */
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Take the client address from X-Forwarded-For (off: clients reach the app directly). */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v) => v !== "false"),
  /** Passwords older than this many days are expired; 0 turns expiry off (the default). */
  PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(0),
  /** Unset: "info", or "silent" under tests. */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_SECURE: flag,
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().default("AP Higher Ed Score Reports <no-reply@localhost>"),
  /** Set to "false" to run the job worker separately (npm run worker). */
  WORKER_IN_APP: z.enum(["true", "false"]).default("true"),
  /** When daily emails go out; parsed (with its messages) by lib/notifications/rules.ts. */
  NOTIFY_DAYS: z.string().optional(),
  NOTIFY_HOUR: z.string().optional(),
  // The web service's lifetimes and limits. The real service publishes none of these; the
  // replica documents its choices on /docs/web-service (tests shorten the URL lifetime).
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

export type Env = z.infer<typeof EnvSchema>;

const KEYS = Object.keys(EnvSchema.shape) as Array<keyof Env>;
let cached: { key: string; env: Env } | undefined;

/**
 * The validated environment. Read on first use, so builds need no runtime secrets, and read
 * again when a variable changes (start scripts and tests set some after importing the app).
 */
export function env(): Env {
  const key = KEYS.map((k) => process.env[k] ?? "\u0000").join("\u0001");
  if (cached?.key === key) return cached.env;
  const parsed = EnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = { key, env: parsed.data };
  return parsed.data;
}
