import { NextResponse } from "next/server";
import { databaseUnavailableError, isDatabaseUnavailable } from "@/lib/unavailable";
import type { z } from "zod";
import { audit, logAudit, type AuditAction, type AuditEntry } from "@/lib/audit";
import { env } from "@/lib/env";
import { AppError, statusOf, type Refusal } from "@/lib/errors";
import { lockMessage } from "@/lib/auth/rules";
import { clientIp, proxyTrust } from "@/lib/http/client-ip";
import { isRefusal, readText } from "@/lib/http/route";
import { logger } from "@/lib/logger";
import { WS_MESSAGES } from "@/lib/web-service/constants";
import { AUTHENTICATION_HEADER, AUTHENTICATION_VALUE, AUTHORIZATION_HEADER, LOGIN_AUTHORIZATION_VALUE } from "@/lib/web-service/schema";
import { tokenUser, type TokenUser } from "@/lib/web-service/queries";
import { readAuthToken } from "@/lib/web-service/rules";

export type WebServiceStep = "webServiceAuth" | "fileGeneration" | "webServiceDownloaded" | "fileList";

/** What the audit event of a call records, filled in by the handler as it learns it. */
export interface CallNote {
  userId?: string;
  organizationId?: string;
  recordCount?: number;
  downloadId?: string;
  type?: string;
  format?: string;
  via?: string;
  /** The handler's statement stored the call's (successful) event: the wrapper writes none. */
  stored?: boolean;
}

export interface LoginContext {
  request: Request;
  ip: string;
  note: CallNote;
}

export interface CallContext extends LoginContext {
  /** Origin for the download URLs this server hands out. */
  origin: string;
  /** The account behind the authToken. */
  user: TokenUser;
  /**
   * The call's audit event as the wrapper would write it on success, from the note so far, for
   * a handler whose own statement stores it (the statement fills in what only it knows: the
   * institution, records, downloadId). The handler then sets `note.stored`, and the wrapper
   * writes no second event.
   */
  callEvent(): AuditEntry;
}

const AUDIT: Record<WebServiceStep, { ok: AuditAction; refused: AuditAction }> = {
  webServiceAuth: { ok: "web-service.auth", refused: "web-service.auth-refused" },
  fileGeneration: { ok: "web-service.file-generation", refused: "web-service.file-generation" },
  webServiceDownloaded: { ok: "web-service.download-logged", refused: "web-service.download-logged" },
  fileList: { ok: "web-service.file-list", refused: "web-service.file-list" },
};

const MAX_BODY = 10_000;

/** Where clients reach this server: PUBLIC_BASE_URL, else a trusted proxy's forwarded host, else the request's. */
export function publicOrigin(request: Request): string {
  const configured = env().PUBLIC_BASE_URL;
  if (configured) return configured.replace(/\/+$/, "");
  const url = new URL(request.url);
  const trust = proxyTrust();
  if (trust.hops > 0 || trust.networks.length > 0) {
    const host = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
    const proto = request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
    if (host) return `${proto === "http" || proto === "https" ? proto : url.protocol.replace(":", "")}://${host}`;
  }
  // The Host the client connected to (behind scripts/server.ts the request URL names the
  // server's own listening name instead); PUBLIC_BASE_URL is required in production anyway.
  const host = request.headers.get("host");
  if (host && /^[A-Za-z0-9.\-\[\]:]+$/.test(host)) return `${url.protocol}//${host}`;
  return url.origin;
}

/**
 * The one wrapper of the web-service endpoints: checks the two X-CB-Catapult headers and the
 * authToken, parses the body, answers `{success: true, ...}` or `{success: false, message}` with
 * the documented status (Refusal codes through lib/errors.ts), and audits every call — refused
 * ones too — with who, institution, file type, records and downloadId.
 */
export function webServiceRoute<S extends z.ZodType>(
  options: { step: Exclude<WebServiceStep, "webServiceAuth">; schema: S },
  handler: (input: z.infer<S>, context: CallContext) => Promise<Record<string, unknown> | Refusal>,
): (request: Request) => Promise<Response> {
  return wrap(options.step, options.schema, (input, ctx) => {
    if (!ctx.user) throw new Error("token-authenticated step without a user");
    return handler(input, { ...ctx, user: ctx.user });
  });
}

/** The audit event of a call: who, institution, records, and the step's outcome. */
function callEvent(
  step: WebServiceStep,
  note: CallNote,
  label: string,
  ip: string,
  outcome: { success: boolean; status: number; message?: string },
): AuditEntry {
  return {
    actorType: "web-service",
    actorUserId: note.userId ?? null,
    actorLabel: label.slice(0, 254),
    action: outcome.success ? AUDIT[step].ok : AUDIT[step].refused,
    organizationId: note.organizationId ?? null,
    recordCount: note.recordCount ?? null,
    ip,
    details: {
      step,
      success: outcome.success,
      status: outcome.status,
      ...(outcome.message !== undefined ? { message: outcome.message } : {}),
      ...(note.downloadId !== undefined ? { downloadId: note.downloadId } : {}),
      ...(note.type !== undefined ? { type: note.type } : {}),
      ...(note.format !== undefined ? { format: note.format } : {}),
      ...(note.via !== undefined ? { via: note.via } : {}),
    },
  };
}

/** The login call: the same wrapper, with the literal CBLogin instead of a token. */
export function webServiceLoginRoute<S extends z.ZodType>(
  schema: S,
  handler: (input: z.infer<S>, context: LoginContext) => Promise<Record<string, unknown> | Refusal>,
): (request: Request) => Promise<Response> {
  return wrap("webServiceAuth", schema, handler);
}

function wrap<S extends z.ZodType>(
  step: WebServiceStep,
  schema: S,
  handler: (
    input: z.infer<S>,
    context: LoginContext & { origin: string; user: TokenUser | null; callEvent(): AuditEntry },
  ) => Promise<Record<string, unknown> | Refusal>,
): (request: Request) => Promise<Response> {
  const options = { step, schema };
  return async (request) => {
    const ip = clientIp(request.headers);
    const note: CallNote = {};
    let status = 200;
    let message: string | undefined;
    let success = false;
    let label = "";
    try {
      if (request.headers.get(AUTHENTICATION_HEADER)?.trim() !== AUTHENTICATION_VALUE) {
        throw new AppError("UNAUTHENTICATED", WS_MESSAGES.missingAuthenticationHeader);
      }
      const authorization = request.headers.get(AUTHORIZATION_HEADER)?.trim() ?? "";
      let user: TokenUser | null = null;
      if (options.step === "webServiceAuth") {
        if (authorization !== LOGIN_AUTHORIZATION_VALUE) throw new AppError("UNAUTHENTICATED", WS_MESSAGES.loginAuthorizationHeader);
      } else {
        user = await authorizedUser(authorization);
        note.userId = user.id;
        label = user.email;
      }
      const input = await readBody(request, options.schema);
      if (options.step === "webServiceAuth") label = String((input as { u?: unknown }).u ?? "");
      const body = await handler(input, {
        request,
        ip,
        origin: publicOrigin(request),
        user,
        note,
        callEvent: () => callEvent(options.step, note, label, ip, { success: true, status: 200 }),
      });
      if (isRefusal(body)) throw AppError.from(body);
      success = true;
      return NextResponse.json({ success: true, ...body }, { status: 200 });
    } catch (error) {
      const known = error instanceof AppError ? error : isDatabaseUnavailable(error) ? databaseUnavailableError() : null;
      if (!known) logger.error({ err: error, step: options.step }, "unhandled web-service error");
      status = known ? statusOf(known.code) : 500;
      message = known ? known.message : WS_MESSAGES.internal;
      const headers = new Headers();
      if (known?.details.retryAfterSeconds !== undefined) headers.set("Retry-After", String(known.details.retryAfterSeconds));
      return NextResponse.json({ success: false, message }, { status, headers });
    } finally {
      const event = callEvent(options.step, note, label, ip, { success, status, ...(message !== undefined ? { message } : {}) });
      // Stored by the handler's own statement: only its log line is left.
      if (success && note.stored) logAudit(event);
      else await audit(event).catch((err: unknown) => logger.error({ err, step: options.step }, "web-service audit failed"));
    }
  };
}

async function authorizedUser(authorization: string): Promise<TokenUser> {
  if (!authorization) throw new AppError("UNAUTHENTICATED", WS_MESSAGES.missingToken);
  const token = readAuthToken(authorization);
  if (!token.ok) throw new AppError("UNAUTHENTICATED", token.reason === "expired" ? WS_MESSAGES.expiredToken : WS_MESSAGES.invalidToken);
  const user = await tokenUser(token.payload.uid, token.payload.apw);
  if (!user) throw new AppError("UNAUTHENTICATED", WS_MESSAGES.invalidToken);
  if (user.sessionVersion !== token.payload.sv || user.appPasswordActive === false) throw new AppError("UNAUTHENTICATED", WS_MESSAGES.revokedToken);
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) throw new AppError("LOCKED", lockMessage(user.lockedUntil, now));
  // A token from the account password stops working once MFA is turned on.
  if (token.payload.apw === null && user.mfaEnabled) throw new AppError("FORBIDDEN", WS_MESSAGES.mfaEnabled);
  return user;
}

async function readBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const text = await readText(request, MAX_BODY);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", WS_MESSAGES.badJson);
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new AppError("BAD_REQUEST", WS_MESSAGES.badJson);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") ?? "";
    const text = issue?.message ?? "Invalid request body";
    // Our messages name their field; zod's generic ones get it prefixed.
    throw new AppError("BAD_REQUEST", field && !text.startsWith(field) ? `${field}: ${text}` : text, field ? { field } : {});
  }
  return parsed.data;
}
