import { AppError } from "@/lib/errors";
import { readSettings } from "@/lib/env";

/** Node socket errors and PostgreSQL SQLSTATEs that mean "the database is not there right now". */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN"]);
// 57P01-03: shutting down / cannot connect now; 53300: too many connections; 08xxx: connection exceptions.
const SQLSTATE = /^(57P0[123]|53300|08\d{3})$/;
const MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)|Can't reach database server/i;

/**
 * True when `error` (or any error it wraps: Prisma's adapter errors keep the driver's error as
 * `cause`) says the database is unreachable, restarting or out of connections: a condition
 * that passes, answered 503 + Retry-After rather than a 500.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  for (const code of [e.code, e.originalCode]) {
    if (typeof code === "string" && (NETWORK_CODES.has(code) || SQLSTATE.test(code))) return true;
  }
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

export const DATABASE_UNAVAILABLE_MESSAGE = "The service is briefly unavailable: its database cannot be reached. Please try again in a few seconds.";

export function databaseUnavailableError(): AppError {
  let retryAfterSeconds = 5;
  try {
    retryAfterSeconds = readSettings().RETRY_AFTER_SECONDS;
  } catch {
    // Settings were checked at start; a default still answers the client usefully.
  }
  return new AppError("UNAVAILABLE", DATABASE_UNAVAILABLE_MESSAGE, { retryAfterSeconds });
}
