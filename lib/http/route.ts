import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, ERROR_STATUS, badInput } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { databaseUnavailableError, isDatabaseUnavailable } from "@/lib/http/unavailable";

export interface RouteContext<P> {
  params: Promise<P>;
}

type Handler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

export interface ErrorBody {
  error: { code: string; message: string; field?: string; fieldErrors?: Record<string, string> };
}

export function errorResponse(error: AppError): NextResponse<ErrorBody> {
  const headers = new Headers();
  if (error.details.retryAfterSeconds !== undefined) headers.set("Retry-After", String(error.details.retryAfterSeconds));
  return NextResponse.json(
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error.details.field ? { field: error.details.field } : {}),
        ...(error.details.fieldErrors ? { fieldErrors: error.details.fieldErrors } : {}),
      },
    },
    { status: error.status, headers },
  );
}

/** Maps anything a handler throws to a response: expected failures by the table in lib/errors.ts. */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return badInput(error);
  if (isDatabaseUnavailable(error)) return databaseUnavailableError();
  return null;
}

/**
 * The one wrapper every JSON route handler goes through: expected errors become their status,
 * unexpected ones are logged and answered with a generic 500 that leaks nothing.
 */
export function route<P = Record<string, never>>(handler: Handler<P>): Handler<P> {
  return async (request, context) => {
    const started = performance.now();
    const path = new URL(request.url).pathname;
    const done = (response: Response) => {
      logger.info({ method: request.method, path, status: response.status, ms: Math.round(performance.now() - started) }, "request");
      return response;
    };
    try {
      return done(await handler(request, context));
    } catch (error) {
      // Next.js uses thrown values for redirects and not-found; let them through.
      if (isNextControlFlow(error)) throw error;
      const known = toAppError(error);
      if (known) return done(errorResponse(known));
      logger.error({ err: error, method: request.method, path }, "unhandled route error");
      return done(NextResponse.json({ error: { code: "INTERNAL", message: "Something went wrong on our side. Please try again." } }, { status: 500 }));
    }
  };
}

function isNextControlFlow(error: unknown): boolean {
  const digest = (error as { digest?: unknown } | null)?.digest;
  return typeof digest === "string" && (digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK"));
}

const DEFAULT_MAX_BODY = 1_000_000;

/** Reads a JSON body (size-limited) and validates it; every failure is a 4xx naming the problem. */
export async function readJson<S extends z.ZodType>(request: Request, schema: S, maxBytes = DEFAULT_MAX_BODY): Promise<z.infer<S>> {
  const text = await readText(request, maxBytes);
  let body: unknown;
  try {
    body = text.length ? JSON.parse(text) : {};
  } catch {
    throw new AppError("BAD_REQUEST", "The request body must be valid JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw badInput(parsed.error);
  return parsed.data;
}

export async function readText(request: Request, maxBytes = DEFAULT_MAX_BODY): Promise<string> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
  return text;
}

/** Query-string parameters validated like a body. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw badInput(parsed.error);
  return parsed.data;
}

export { ERROR_STATUS };

/**
 * Cookie-authenticated endpoints refuse cross-site requests (SameSite cookies already stop
 * most; this also covers old browsers and same-site subdomains).
 */
export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (!origin) return;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("FORBIDDEN", "Cross-site request refused.");
  }
  if (host && originHost !== host) throw new AppError("FORBIDDEN", "Cross-site request refused.");
}
