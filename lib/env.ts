import { z } from "zod";

/**
 * Every setting of the app, the worker and the scripts, in one schema. `.env.example` lists
 * them with their defaults and meaning; docs/deploy.md explains them for operators.
 *
 * Values come from the process environment, after the `.env*` files are loaded the way Next.js
 * loads them (`loadEnvFiles`: `.env.$NODE_ENV.local`, `.env.local`, `.env.$NODE_ENV`, `.env`;
 * a variable already set in the environment wins). Next.js does this itself for the app; the
 * scripts (start, worker, db, re-encryption) call `loadEnvFiles` first.
 */

/** The reporting time zone: reporting years, date ranges and displayed dates use it. */
export const REPORTING_TIME_ZONE = "America/New_York";

const flag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : v === "true" || v === "1"));

/**
 * Lifetimes and limits of the web service. The real service publishes none of these; the
 * replica documents its choices on /docs/web-service and keeps them stable.
 * env() re-parses when a variable changes, so tests can change one between cases.
 */
export const WebServiceSettingsSchema = z.object({
  /** authToken lifetime: one script run comfortably fits in it. */
  WS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(3600),
  /** Pre-signed download URL lifetime, like an object store's short-lived links. */
  WS_URL_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** webServiceAuth calls per account and client address per window. */
  WS_AUTH_LIMIT: z.coerce.number().int().min(1).default(20),
  WS_AUTH_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
  /** fileGeneration calls per account per window. */
  WS_GENERATION_LIMIT: z.coerce.number().int().min(1).default(300),
  WS_GENERATION_WINDOW_SECONDS: z.coerce.number().int().min(1).default(600),
});

/** The name users know the product by: the sender name of its emails. */
export const PRODUCT_NAME = "AP Higher Education Score Reports";

/**
 * The domain of the default sender and support addresses: the public site's host name, or the
 * documentation domain when the site has no public name (local runs), never "localhost",
 * which no mail system delivers.
 */
function mailDomain(publicBaseUrl: string | undefined): string {
  const host = publicBaseUrl ? new URL(publicBaseUrl).hostname : "";
  return host && host.includes(".") && !/^[\d.]+$/.test(host) ? host : "example.org";
}

/** Days, where 0 means "keep forever". */
const retentionDays = (fallback: number) => z.coerce.number().int().min(0).max(36_500).default(fallback);

const SettingsSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    /** "production" marks a real deployment: strict settings, no demo accounts, no generated secrets. */
    APP_DEPLOYMENT: z.enum(["production", "staging", "development", "test"]).default("development"),

    // Database
    /** PostgreSQL URL; unset (outside production) → the embedded server `npm start` runs. */
    DATABASE_URL: z.string().min(1).optional(),
    /** A streaming replica of DATABASE_URL that bulk files may be read from (docs/delivery-sequence.md). */
    DATABASE_REPLICA_URL: z.string().min(1).optional(),
    /** Pooled connections per process for request traffic. */
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    /** Separate, small pool that file downloads stream through, so slow readers cannot starve requests. */
    DOWNLOAD_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(4),
    /** A download whose client reads nothing for this long is cut off and its connection freed. */
    DOWNLOAD_STALL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
    /** How long a download waits for a free download connection before it is answered 503 + Retry-After. */
    DOWNLOAD_WAIT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
    /** File definitions (each counts its institution's reports) prepared at once per process; the rest wait their turn. */
    FILE_PREPARE_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(4),
    /** Seconds a 503 "database unavailable" answer asks clients to wait (Retry-After). */
    RETRY_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),

    // Secrets
    /** Signs sessions, download URLs and tokens. Generated into .data/ only for local runs. */
    AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    /**
     * Keys for secrets at rest (MFA seeds, webhook secrets), comma-separated: the first
     * encrypts, all decrypt. Unset → a key derived from AUTH_SECRET (the old behaviour).
     */
    DATA_ENCRYPTION_KEYS: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const keys = (v ?? "")
          .split(",")
          .map((k) => k.trim())
          .filter(Boolean);
        keys.forEach((k, i) => {
          if (k.length < 32) ctx.addIssue({ code: "custom", message: `key ${i + 1} must be at least 32 characters` });
        });
        return keys;
      }),

    // Web
    /** Where users and clients reach the app: used in emails and web-service download links. */
    PUBLIC_BASE_URL: z.url().optional(),
    /** Port of the web server (npm start). */
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Port of the embedded PostgreSQL that local runs start when DATABASE_URL is unset. */
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54320),
    /**
     * Reverse proxies in front of the app that append to X-Forwarded-For (docs/security.md):
     * 0 (default) → the client is the TCP peer; N → the N-th entry from the right.
     */
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
    /** Or: the proxies' addresses / CIDR networks, comma-separated; their X-Forwarded-For entries are believed. */
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const networks = (v ?? "")
          .split(",")
          .map((n) => n.trim())
          .filter(Boolean);
        try {
          // Required lazily, like @next/env below: this module also reaches the browser.
          if (networks.length) serverRequire<typeof import("proxy-addr")>("proxy-addr").compile(networks);
        } catch (error) {
          ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : "not an address or network" });
        }
        return networks;
      }),
    /** Replaced by TRUST_PROXY_HOPS: it believed the client-written first X-Forwarded-For entry. */
    TRUST_PROXY: z
      .string()
      .optional()
      .refine((v) => v === undefined, {
        message:
          "no longer read (it believed an address the client writes). Remove it; behind one proxy or load balancer set TRUST_PROXY_HOPS=1 (docs/security.md)",
      }),
    /** Seeds 000/001: "Passwords must be updated periodically". Days a password lasts (default a year); 0 turns expiry off. */
    PASSWORD_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(3650).default(365),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),

    ...WebServiceSettingsSchema.shape,

    // Mail
    SMTP_HOST: z.string().min(1).optional(),
    SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    SMTP_SECURE: flag,
    SMTP_USER: z.string().optional(),
    SMTP_PASSWORD: z.string().optional(),
    /** Sender of every email, e.g. `AP Higher Education Score Reports <no-reply@scores.example.edu>`. */
    MAIL_FROM: z.string().min(3).optional(),
    /**
     * Where users write with questions (seed 000: "Questions? Contact: APHigherEdScoreReports@…"):
     * shown at the foot of every page and on the web-service reference, and the Reply-To of every email.
     */
    SUPPORT_EMAIL: z.email().optional(),

    // Jobs
    /** Run the job worker inside each web process. Default: on, except with APP_DEPLOYMENT=production. */
    WORKER_IN_APP: flag,
    /** Daily email days ("mon-fri", "daily", "mon,wed,fri"); parsed by lib/notifications/schedule.ts. */
    NOTIFY_DAYS: z.string().optional(),
    /** Hour (0-23, reporting time zone) of the daily email. */
    NOTIFY_HOUR: z.coerce.number().int().min(0).max(23).default(7),
    /**
     * Seconds the app server keeps an idle keep-alive connection open. Longer than the load
     * balancer's idle timeout (AWS ALB: 60 s), so the balancer, not the app, closes idle
     * connections: otherwise it can send a request just as the app closes, and answer 502.
     */
    HTTP_KEEP_ALIVE_SECONDS: z.coerce.number().int().min(1).max(3600).default(65),
    /** Seconds a process may take to stop on SIGTERM before it exits anyway. */
    SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(25),
    /** Readiness fails when no worker has reported for this long (0: do not check the worker). */
    WORKER_HEARTBEAT_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(0),

    // Retention (days; 0 keeps forever)
    /** Audit log (FERPA disclosure records): kept forever unless set. */
    AUDIT_RETENTION_DAYS: retentionDays(0),
    /** Emails kept in the outbox table when no SMTP server is configured. */
    OUTBOX_RETENTION_DAYS: retentionDays(90),
    /** Finished webhook deliveries (their attempts and responses). */
    WEBHOOK_ATTEMPT_RETENTION_DAYS: retentionDays(90),
  })
  .transform((s) => ({
    ...s,
    MAIL_FROM: s.MAIL_FROM ?? `${PRODUCT_NAME} <no-reply@${mailDomain(s.PUBLIC_BASE_URL)}>`,
    SUPPORT_EMAIL: s.SUPPORT_EMAIL ?? `APHigherEdScoreReports@${mailDomain(s.PUBLIC_BASE_URL)}`,
    SMTP_SECURE: s.SMTP_SECURE ?? false,
    WORKER_IN_APP: s.WORKER_IN_APP ?? s.APP_DEPLOYMENT !== "production",
    LOG_LEVEL: s.LOG_LEVEL ?? (s.NODE_ENV === "test" ? ("silent" as const) : ("info" as const)),
  }));

export type Settings = z.infer<typeof SettingsSchema>;

/** Every variable the settings are read from (the schema's keys). */
const SETTING_NAMES = Object.keys(SettingsSchema.in.shape);
/** DATABASE_URL stays optional here (a build or a log line needs none); lib/db.ts requires it. */
export type Env = Settings;
type Source = Record<string, string | undefined>;

/** Settings a production deployment must give explicitly: nothing is guessed or generated. */
function productionProblems(raw: Source): string[] {
  const problems: string[] = [];
  const missing = (name: string, why: string) => {
    if (!raw[name]?.trim()) problems.push(`${name}: required with APP_DEPLOYMENT=production (${why})`);
  };
  missing("DATABASE_URL", "the embedded database is for local use only");
  missing("AUTH_SECRET", "every instance must share it; it is never generated in production");
  missing("PUBLIC_BASE_URL", "links in emails and download URLs");
  missing("SMTP_HOST", "notification and password emails");
  missing("MAIL_FROM", "the sender of every email");
  return problems;
}

/** The settings problems, one per line, or an empty list. */
export function settingsProblems(source: Source = process.env): string[] {
  const input = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
  const parsed = SettingsSchema.safeParse(input);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`);
  if (input.APP_DEPLOYMENT === "production") problems.push(...productionProblems(input));
  return problems;
}

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings (see .env.example and docs/deploy.md):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SettingsError";
  }
}

/** Validates every setting; throws one SettingsError listing all problems. */
export function readSettings(source: Source = process.env): Settings {
  const problems = settingsProblems(source);
  if (problems.length) throw new SettingsError(problems);
  const input = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
  return SettingsSchema.parse(input);
}

let cached: { key: string; env: Env } | undefined;

/**
 * Validated settings of a running process. Read on first use, so builds
 * need no runtime secrets, and read again when a variable changes (start scripts and tests set
 * some after importing the app).
 */
export function env(): Env {
  // Only the settings' own variables, in a fixed order: this runs many times per request.
  let key = "";
  for (const name of SETTING_NAMES) key += `${process.env[name] ?? ""}\u0001`;
  if (cached?.key === key) return cached.env;
  cached = { key, env: readSettings() };
  return cached.env;
}

/** Forgets the cached settings (tests that change the environment between cases). */
export function resetEnvCache(): void {
  cached = undefined;
}

/** A package loaded on the server only, out of sight of the browser bundle. */
function serverRequire<T>(name: string): T {
  const { createRequire } = process.getBuiltinModule("node:module");
  return createRequire(`${process.cwd()}/package.json`)(name) as T;
}

/**
 * Loads the `.env*` files of `dir` into process.env exactly as Next.js does (its own
 * `@next/env`), for entry points Next.js does not start. Required lazily: this module is also
 * imported by code that reaches the browser (REPORTING_TIME_ZONE), where `fs` does not exist.
 */
export function loadEnvFiles({ dir = process.cwd(), dev = process.env.NODE_ENV === "development" } = {}): void {
  const load = serverRequire<typeof import("@next/env")>("@next/env");
  load.loadEnvConfig(dir, dev, { info: () => {}, error: (...args: unknown[]) => console.error(...args) });
  cached = undefined;
}

/**
 * For entry points: loads `.env*` files, validates every setting, and on any problem prints
 * them all in one message and exits. `name` prefixes the message ("[worker]"); `dev` loads
 * the development files (`npm run dev`) instead of the production ones.
 */
export function loadAndCheckSettings(name: string, options: { dir?: string; dev?: boolean } = {}): Settings {
  loadEnvFiles(options);
  try {
    return readSettings();
  } catch (error) {
    process.stderr.write(`[${name}] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

/** The portal's address in emails and links: PUBLIC_BASE_URL, or this machine's port. */
export function portalBaseUrl(): string {
  return env().PUBLIC_BASE_URL ?? `http://localhost:${env().PORT}`;
}
