import { pool, prepared, prisma } from "@/lib/db";
import { refusal, type Refusal } from "@/lib/errors";

export interface RateLimitResult {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counter in PostgreSQL, so every app instance shares it. Counts this hit and
 * says whether it is within `limit` per `windowSeconds`.
 */
export async function hitRateLimit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const hit = rateLimitHitQuery(key, windowSeconds);
  const { rows } = await pool().query<RateLimitRow>(prepared(hit.text, hit.values));
  return rateLimitResult(rows[0], limit, windowSeconds);
}

/** What the hit statement returns: the window's count with this hit, and the seconds it has left. */
export interface RateLimitRow {
  count: number;
  retry: number;
}

/**
 * The statement that counts a hit, for callers that send it with other work in one round trip
 * (createBulkFile sends it with its lock). Read its row with `rateLimitResult`.
 */
export function rateLimitHitQuery(key: string, windowSeconds: number): { text: string; values: unknown[] } {
  return {
    text: `INSERT INTO rate_limit (key, count, window_start, expires_at) VALUES ($1::text, 1, now(), now() + make_interval(secs => $2::int))
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN rate_limit.window_start <= now() - make_interval(secs => $2::int) THEN 1 ELSE rate_limit.count + 1 END,
         window_start = CASE WHEN rate_limit.window_start <= now() - make_interval(secs => $2::int) THEN now() ELSE rate_limit.window_start END,
         expires_at = CASE WHEN rate_limit.window_start <= now() - make_interval(secs => $2::int) THEN now() ELSE rate_limit.window_start END + make_interval(secs => $2::int)
       RETURNING count, ceil(extract(epoch FROM (window_start + make_interval(secs => $2::int) - now())))::int AS retry`,
    values: [key, windowSeconds],
  };
}

export function rateLimitResult(row: RateLimitRow | undefined, limit: number, windowSeconds: number): RateLimitResult {
  const hit = row ?? { count: 1, retry: windowSeconds };
  return { allowed: hit.count <= limit, count: hit.count, retryAfterSeconds: Math.max(1, hit.retry) };
}

/** Whether `key` has already used up `limit` in its current window, without counting a hit. */
export async function peekRateLimit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
  const rows = await prisma.$queryRaw<Array<{ count: number; retry: number }>>`
    SELECT count, ceil(extract(epoch FROM (window_start + make_interval(secs => ${windowSeconds}) - now())))::int AS retry
    FROM rate_limit WHERE key = ${key} AND window_start > now() - make_interval(secs => ${windowSeconds})`;
  const row = rows[0];
  if (!row) return { allowed: true, count: 0, retryAfterSeconds: 0 };
  return { allowed: row.count < limit, count: row.count, retryAfterSeconds: Math.max(1, row.retry) };
}

export async function clearRateLimit(key: string): Promise<void> {
  await prisma.rateLimit.deleteMany({ where: { key } });
}

/** Gives back one hit (an attempt counted up front that turned out to be a success). */
export async function releaseRateLimit(key: string): Promise<void> {
  await prisma.$executeRaw`UPDATE rate_limit SET count = count - 1 WHERE key = ${key} AND count > 0`;
}

/**
 * A declared limit: `limit` hits per `windowSeconds` for one subject (an account or an
 * address), answered with `message` and Retry-After once used up.
 */
export interface RateLimitRule {
  /** The counter's name; the subject is appended ("bulk-file:<user id>"). */
  name: string;
  limit: number;
  windowSeconds: number;
  message: string;
}

/** Counts a hit against the rule for `subject`: null while within the limit, else the refusal. */
export async function throttle(rule: RateLimitRule, subject: string): Promise<Refusal | null> {
  const hit = await hitRateLimit(ruleKey(rule, subject), rule.limit, rule.windowSeconds);
  return hit.allowed ? null : refusal("RATE_LIMITED", rule.message, { retryAfterSeconds: hit.retryAfterSeconds });
}

/** The hit statement for a rule and subject (`rateLimitHitQuery` under the rule's key). */
export function ruleHitQuery(rule: RateLimitRule, subject: string): { text: string; values: unknown[] } {
  return rateLimitHitQuery(ruleKey(rule, subject), rule.windowSeconds);
}

function ruleKey(rule: RateLimitRule, subject: string): string {
  return `${rule.name}:${subject}`;
}
