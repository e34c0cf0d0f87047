import { z } from "zod";

/**
 * Expected failures carry a code; one table maps codes to HTTP statuses for every entry point.
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
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetails {
  /** The input field at fault, for messages shown next to it. */
  field?: string;
  /** Seconds until a throttled action may be tried again (Retry-After). */
  retryAfterSeconds?: number;
  fieldErrors?: Record<string, string>;
}

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
    return ERROR_STATUS[this.code];
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
