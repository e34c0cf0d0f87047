import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, badInput, statusOf, type Refusal } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { databaseUnavailableError, isDatabaseUnavailable } from "@/lib/unavailable";
import { noteDatabaseError } from "@/lib/http/database-gate";

export interface RouteContext<P> {
  params: Promise<P>;
}

type Handler<P> = (request: Request, context: RouteContext<P>) => Promise<Response>;

/** The JSON body of every refusal: the shape the client's callApi reads. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; fieldErrors?: Record<string, string> };
}

/** A refusal as its response: the status from the table in lib/errors.ts, the body above. */
export function refusalResponse(refused: Refusal): NextResponse<ErrorBody> {
  const headers = new Headers();
  if (refused.retryAfterSeconds !== undefined) headers.set("Retry-After", String(refused.retryAfterSeconds));
  return NextResponse.json(
    {
      error: {
        code: refused.code,
        message: refused.message,
        ...(refused.field ? { field: refused.field } : {}),
        ...(refused.fieldErrors ? { fieldErrors: refused.fieldErrors } : {}),
      },
    },
    { status: statusOf(refused.code), headers },
  );
}

export function errorResponse(error: AppError): NextResponse<ErrorBody> {
  return refusalResponse(error.toRefusal());
}

/** Expected failures thrown by parsers and gates; null for anything else (a bug). */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return badInput(error);
  if (isDatabaseUnavailable(error)) {
    noteDatabaseError(error);
    return databaseUnavailableError();
  }
  return null;
}

export function isRefusal(value: unknown): value is Refusal {
  return (
    typeof value === "object" &&
    value !== null &&
    !(value instanceof Response) &&
    (value as { ok?: unknown }).ok === false &&
    typeof (value as { code?: unknown }).code === "string"
  );
}

/**
 * The core every JSON route wrapper (sessionRoute, publicRoute, adminRoute) is built on:
 * expected errors become their status, unexpected ones are logged and answered with a generic
 * 500 that leaks nothing. Route files use the wrappers, not this.
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
  return parseInput(schema, body);
}

/**
 * Reads a body of at most `maxBytes`, counting bytes as they arrive: a chunked body has no
 * Content-Length to refuse up front, so the read is cancelled as soon as the limit is passed
 * instead of buffering whatever the client sends.
 */
export async function readText(request: Request, maxBytes = DEFAULT_MAX_BODY): Promise<string> {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${maxBytes} bytes.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Query-string parameters validated like a body. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  return parseInput(schema, Object.fromEntries(new URL(request.url).searchParams));
}

function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw badInput(parsed.error);
  return parsed.data;
}

/** Methods that change something: the ones a cross-site page must not be able to send with our cookies. */
export function isUnsafeMethod(method: string): boolean {
  return !["GET", "HEAD", "OPTIONS"].includes(method.toUpperCase());
}

/**
 * Cookie-authenticated endpoints refuse cross-site requests (SameSite cookies already stop
 * most; this also covers old browsers and same-site subdomains). Called by the wrappers.
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
