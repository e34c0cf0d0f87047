import { type z } from "zod";

/**
 * Expected failures carry a code; this one table maps codes to HTTP statuses for every entry
 * point (portal JSON, admin API, web service). Nothing else picks an error status.
 * Anything thrown that is not an AppError is a bug: logged, answered with a generic message.
 */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  /**
   * The web service's "No score orders found": `success: false` in the body, yet an ordinary
   * outcome for scripts polling for new files, so the real service answers it with HTTP 200.
   */
  NOTHING_NEW: 200,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

export interface ErrorDetails {
  /** The input field at fault, for messages shown next to it. */
  field?: string;
  /** Seconds until a throttled action may be tried again (Retry-After). */
  retryAfterSeconds?: number;
  fieldErrors?: Record<string, string>;
}

/**
 * An expected failure, returned as a value: `{ ok: false, code, message }`. Its `code` decides
 * the status (ERROR_STATUS); `field` and `fieldErrors` point the form at the input to correct.
 */
export interface Refusal extends ErrorDetails {
  ok: false;
  code: ErrorCode;
  message: string;
}

/**
 * What a mutation answers when it can be refused: its value spread beside `ok: true`, or a
 * Refusal (possibly with domain detail such as a `reason`, as `R`).
 */
export type Result<T extends object = object, R extends Refusal = Refusal> = ({ ok: true } & T) | R;

export function refusal(code: ErrorCode, message: string, details: ErrorDetails = {}): Refusal {
  return { ok: false, code, message, ...details };
}

/** A refusal about one input field: the form shows the message beside that field. */
export function fieldRefusal(code: ErrorCode, field: string, message: string): Refusal {
  return { ok: false, code, message, field, fieldErrors: { [field]: message } };
}

/**
 * A Refusal thrown instead of returned: from inside a transaction that must roll back, or from
 * the request parsers of lib/http. Same codes, same table.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return statusOf(this.code);
  }

  static from(refused: Refusal): AppError {
    const { ok: _ok, code, message, ...details } = refused;
    return new AppError(code, message, details);
  }

  toRefusal(): Refusal {
    return refusal(this.code, this.message, this.details);
  }
}

/** First message per field, keyed by dotted path ("student.apId", "exams.0.score"). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

/** A zod failure as a 400 that names the first offending field. */
export function badInput(error: z.ZodError): AppError {
  const fieldErrors = fieldErrorsOf(error);
  const [field, message] = Object.entries(fieldErrors)[0] ?? ["_", "Invalid input"];
  const where = field === "_" ? "" : `${field}: `;
  return new AppError("BAD_REQUEST", `${where}${message}`, { field, fieldErrors });
}

/** Parse with zod or throw a 400 naming the field. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw badInput(parsed.error);
  return parsed.data;
}
