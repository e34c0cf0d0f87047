import { signToken, verifyToken, hmacHex, timingSafeEqualString } from "@/lib/crypto";
import { env } from "@/lib/env";
import { BASE_PATH } from "@/lib/web-service/schema";

// ───────────────────────────── authTokens ─────────────────────────────

const TOKEN_PURPOSE = "ws-auth";

/** What an authToken carries. `sv` ties it to the account's session version (a password change revokes it). */
export interface AuthTokenPayload {
  uid: string;
  sv: number;
  /** The app password it was obtained with (revoking that password revokes the token). */
  apw: string | null;
  exp: number;
}

export function issueAuthToken(
  args: { userId: string; sessionVersion: number; appPasswordId: string | null },
  now = Date.now(),
): { token: string; expiresAt: Date } {
  const exp = Math.floor(now / 1000) + env().WS_TOKEN_TTL_SECONDS;
  const payload: AuthTokenPayload = { uid: args.userId, sv: args.sessionVersion, apw: args.appPasswordId, exp };
  return { token: signToken(TOKEN_PURPOSE, { ...payload }), expiresAt: new Date(exp * 1000) };
}

export type TokenCheck = { ok: true; payload: AuthTokenPayload } | { ok: false; reason: "invalid" | "expired" };

/** Tells a forged token from a genuine one that has run out, so the message can say which. */
export function readAuthToken(token: string, now = Date.now()): TokenCheck {
  const payload = verifyToken<AuthTokenPayload>(TOKEN_PURPOSE, token, now);
  if (payload) return isPayload(payload) ? { ok: true, payload } : { ok: false, reason: "invalid" };
  // Signed by us but rejected at `now`: the only remaining reason is its expiry.
  const signed = verifyToken<AuthTokenPayload>(TOKEN_PURPOSE, token, 0);
  return { ok: false, reason: signed ? "expired" : "invalid" };
}

function isPayload(p: AuthTokenPayload): boolean {
  return typeof p.uid === "string" && typeof p.sv === "number" && (p.apw === null || typeof p.apw === "string");
}

// ───────────────────────────── pre-signed download URLs ─────────────────────────────

/**
 * Download links behave like an object store's pre-signed URLs: anyone holding the link may
 * GET the file until `Expires` (Unix seconds); the signature binds method, path, file and
 * expiry, so changing any of them (or the file name in the path) breaks it.
 */
const DOWNLOAD_PURPOSE = "ws-download";

export function downloadPath(downloadId: string, fileName: string): string {
  return `${BASE_PATH}/files/${downloadId}/${encodeURIComponent(fileName)}`;
}

function signature(method: string, path: string, downloadId: string, expires: number): string {
  return hmacHex(DOWNLOAD_PURPOSE, `${method}\n${path}\n${downloadId}\n${expires}`);
}

export function signDownloadUrl(
  origin: string,
  downloadId: string,
  fileName: string,
  now = Date.now(),
  ttlSeconds = env().WS_URL_TTL_SECONDS,
): { url: string; expires: number } {
  const path = downloadPath(downloadId, fileName);
  const expires = Math.floor(now / 1000) + ttlSeconds;
  const url = new URL(path, origin);
  url.searchParams.set("Expires", String(expires));
  url.searchParams.set("Signature", signature("GET", path, downloadId, expires));
  return { url: url.toString(), expires };
}

export type UrlCheck = { ok: true; expires: number } | { ok: false; code: "AccessDenied" | "SignatureDoesNotMatch"; message: string; expires?: number };

/** Checks a download request's signature first (a tampered Expires fails here), then its expiry. */
export function checkDownloadUrl(method: string, path: string, downloadId: string, params: URLSearchParams, now = Date.now()): UrlCheck {
  const expiresText = params.get("Expires");
  const given = params.get("Signature");
  if (!expiresText || !given) {
    return { ok: false, code: "AccessDenied", message: "Query-string authentication requires the Signature and Expires parameters" };
  }
  const expires = /^\d{1,12}$/.test(expiresText) ? Number(expiresText) : NaN;
  // HEAD is answered like GET, so it is signed like GET.
  const signedMethod = method === "HEAD" ? "GET" : method;
  if (!Number.isFinite(expires) || !timingSafeEqualString(given, signature(signedMethod, path, downloadId, expires))) {
    return { ok: false, code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided." };
  }
  if (expires * 1000 <= now) return { ok: false, code: "AccessDenied", message: "Request has expired", expires };
  return { ok: true, expires };
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The small XML error body object stores send (clients treat 403 as "expired or invalid link"). */
export function xmlError(code: string, message: string, extra: Record<string, string> = {}): string {
  const fields = Object.entries(extra)
    .map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message>${fields}</Error>`;
}
