import { prisma } from "@/lib/db";
import { AppError, refusal, type Result } from "@/lib/errors";
import { checkPassword, isPasswordExpired, normalizeEmail } from "@/lib/auth/mutations";
import { lockMessage } from "@/lib/auth/rules";
import { authorizedInstitutions, type AuthorizedInstitution } from "@/lib/auth/gate";
import { CURRENT_TERMS_VERSION } from "@/lib/accounts/constants";
import { throttle } from "@/lib/rate-limit";
import { verifyAppPassword } from "@/lib/accounts/mutations";
import { createBulkFile, logBulkFile } from "@/lib/bulk/mutations";
import { loadBulkFile } from "@/lib/bulk/queries";
import { env } from "@/lib/env";
import { issueAuthToken, signDownloadUrl, checkDownloadUrl, downloadPath, xmlError } from "@/lib/web-service/rules";
import { WS_MESSAGES } from "@/lib/web-service/constants";
import type { AuthRequest, DownloadedRequest, FileGenerationRequest } from "@/lib/web-service/schema";
import type { TokenUser } from "@/lib/web-service/queries";
import { audit, type AuditEntry } from "@/lib/audit";
import { logger } from "@/lib/logger";
import { bulkFileResponse } from "@/lib/bulk/download";
import { databaseUnavailableError, isDatabaseUnavailable } from "@/lib/unavailable";

/** Strict base64 (standard or URL-safe alphabet), decoded as UTF-8; null when it is not base64. */
export function decodeBase64Password(p: string): string | null {
  const text = p.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  if (bytes.length === 0) return null;
  const decoded = bytes.toString("utf8");
  // Re-encoding must give the input back (ignoring padding), or it was not really base64.
  const again = Buffer.from(decoded, "utf8").toString("base64").replace(/=+$/, "");
  return again === text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "") ? decoded : null;
}

export interface AuthResult {
  userId: string;
  authToken: string;
  expiresAt: Date;
  via: "password" | "app-password";
}

/**
 * Step 1. Checks, in order: the per-account rate limit, the credentials (an app password, or the
 * account password with the portal's throttling), then the account requirements of the real
 * service (MFA off and password current — both waived for app passwords —, terms accepted,
 * the APOSRD HED Admin role somewhere). Each refusal has its own message and status.
 */
export async function authenticate(input: AuthRequest, ip: string): Promise<Result<AuthResult>> {
  const email = normalizeEmail(input.u);
  const config = env();
  // Per account *and* address: a stranger's calls must not use up the owner's script's budget.
  const limited = await throttle(
    { name: "ws-auth", limit: config.WS_AUTH_LIMIT, windowSeconds: config.WS_AUTH_WINDOW_SECONDS, message: WS_MESSAGES.authRateLimited },
    `${email}:${ip}`,
  );
  if (limited) return limited;

  const password = decodeBase64Password(input.p);
  if (password === null) return refusal("BAD_REQUEST", WS_MESSAGES.badBase64, { field: "p" });

  const now = new Date();
  let user: { id: string; sessionVersion: number };
  let appPasswordId: string | null = null;
  const app = await verifyAppPassword(email, password);
  if (app) {
    // An administrator's lock stops app passwords too.
    if (app.user.lockedUntil && app.user.lockedUntil > now) {
      return refusal("LOCKED", lockMessage(app.user.lockedUntil, now), {
        retryAfterSeconds: Math.ceil((app.user.lockedUntil.getTime() - now.getTime()) / 1000),
      });
    }
    user = app.user;
    appPasswordId = app.appPasswordId;
  } else {
    const checked = await checkPassword(email, password, ip, "web-service");
    if (!checked.ok) {
      // Locked or throttled: the portal's own message and Retry-After; wrong credentials: the web service's wording.
      return checked.reason === "invalid" ? refusal("UNAUTHENTICATED", WS_MESSAGES.invalidCredentials) : checked;
    }
    if (checked.user.mfaEnabled) return refusal("FORBIDDEN", WS_MESSAGES.mfaEnabled);
    if (isPasswordExpired(checked.user.passwordChangedAt, now)) return refusal("FORBIDDEN", WS_MESSAGES.passwordExpired);
    user = checked.user;
  }

  const account = await prisma.user.findUnique({ where: { id: user.id }, select: { emailVerifiedAt: true } });
  if (!account?.emailVerifiedAt) return refusal("FORBIDDEN", WS_MESSAGES.emailNotVerified);
  const terms = await prisma.termsAcceptance.findUnique({
    where: { userId_version: { userId: user.id, version: CURRENT_TERMS_VERSION } },
    select: { id: true },
  });
  if (!terms) return refusal("FORBIDDEN", WS_MESSAGES.termsNotAccepted);
  if ((await authorizedInstitutions(user.id, "web-service:use")).length === 0) return refusal("FORBIDDEN", WS_MESSAGES.noRole);

  const { token, expiresAt } = issueAuthToken({ userId: user.id, sessionVersion: user.sessionVersion, appPasswordId }, now.getTime());
  return { ok: true, userId: user.id, authToken: token, expiresAt, via: appPasswordId ? "app-password" : "password" };
}

/** The institution named by a DI code, if this user holds the web-service role there. */
export function webServiceInstitution(user: TokenUser, diCode: string): Result<{ institution: AuthorizedInstitution }> {
  const institution = user.webServiceInstitutions.find((i) => i.diCode === diCode);
  return institution ? { ok: true, institution } : refusal("FORBIDDEN", WS_MESSAGES.noRoleAt(diCode));
}

export interface GeneratedFile {
  downloadId: string;
  fileName: string;
  recordCount: number;
  url: string;
  expires: number;
  type: "FULL" | "INCREMENTAL";
}

/**
 * Step 2. A "new" file is an incremental file continuing from the newest LOGGED full or new file
 * (shared with the portal), so generating again — after a crash, a lost URL, anything — is
 * always safe: nothing moves until step 4.
 */
export async function generateFile(
  userId: string,
  institution: AuthorizedInstitution,
  input: FileGenerationRequest,
  origin: string,
  ip: string,
  callEvent?: AuditEntry,
): Promise<Result<GeneratedFile>> {
  const config = env();
  const type = input.downloadType === "full" ? "FULL" : "INCREMENTAL";
  const result = await createBulkFile({
    userId,
    institution,
    channel: "WEB_SERVICE",
    type,
    format: input.format,
    withoutBase: "as-full",
    refuseEmpty: true,
    ip,
    // Counted in the file's first round trip.
    throttle: {
      rule: {
        name: "ws-gen",
        limit: config.WS_GENERATION_LIMIT,
        windowSeconds: config.WS_GENERATION_WINDOW_SECONDS,
        message: WS_MESSAGES.generationRateLimited,
      },
      subject: userId,
    },
    // The call's event is stored with the file.
    callEvent,
  });
  if (!result.ok) {
    if (result.reason === "rate-limited") return refusal("RATE_LIMITED", result.message, { retryAfterSeconds: result.retryAfterSeconds });
    // refuseEmpty with "as-full" leaves "empty" as the only other refusal; it is not an error for clients.
    return refusal("NOTHING_NEW", type === "FULL" ? WS_MESSAGES.noScoreOrdersFull(input.diCode) : WS_MESSAGES.noScoreOrdersNew(input.diCode));
  }
  const signed = signDownloadUrl(origin, result.file.id, result.file.fileName);
  return {
    ok: true,
    downloadId: result.file.id,
    fileName: result.file.fileName,
    recordCount: result.file.recordCount,
    url: signed.url,
    expires: signed.expires,
    type,
  };
}

export interface LoggedDownload {
  organizationId: string;
  recordCount: number;
  alreadyLogged: boolean;
}

/** Step 4. Only now does "new" move past the file. Logging twice is a harmless success. */
export async function logDownload(userId: string, input: DownloadedRequest, ip: string, callEvent?: AuditEntry): Promise<Result<LoggedDownload>> {
  // One statement: the file's checks, its log, and the call's event when given.
  const logged = await logBulkFile(input.downloadId, userId, ip, "WEB_SERVICE", { format: input.format, ownerMay: "web-service:use", callEvent });
  if (!logged.ok) {
    switch (logged.reason) {
      case "not-found":
        return refusal("NOT_FOUND", WS_MESSAGES.unknownDownload(input.downloadId));
      case "not-yours":
        return refusal("FORBIDDEN", WS_MESSAGES.notYourDownload(input.downloadId));
      case "other-format":
        return refusal("BAD_REQUEST", WS_MESSAGES.formatMismatch(input.downloadId, logged.format), { field: "format" });
      case "no-permission":
        return refusal("FORBIDDEN", "This account no longer holds the APOSRD HED Admin role for this file's institution.");
    }
  }
  return { ok: true, organizationId: logged.organizationId, recordCount: logged.recordCount, alreadyLogged: logged.alreadyLogged };
}

// ───────────────────────────── step 3: the pre-signed download ─────────────────────────────

function xmlResponse(status: number, code: string, message: string, extra: Record<string, string> = {}): Response {
  return new Response(xmlError(code, message, extra), {
    status,
    headers: { "Content-Type": "application/xml", "Cache-Control": "no-store" },
  });
}

/**
 * Serves a file behind a pre-signed URL: signature, then expiry, then the file (streamed from
 * its stored definition, so the bytes are the same every time). Refusals are 403/404 with an
 * object-store XML body. Audited as a download of student data; never logged (step 4 does that).
 */
export async function streamDownload(request: Request, downloadId: string, fileName: string, options: { ip: string; headOnly?: boolean }): Promise<Response> {
  try {
    const url = new URL(request.url);
    const path = downloadPath(downloadId, decodeURIComponent(fileName));
    const check = checkDownloadUrl(request.method, path, downloadId, url.searchParams);
    if (!check.ok) {
      const extra: Record<string, string> = {};
      if (check.expires !== undefined) {
        extra.Expires = new Date(check.expires * 1000).toISOString();
        extra.ServerTime = new Date().toISOString();
      }
      return xmlResponse(403, check.code, check.message, extra);
    }
    const file = await loadBulkFile(downloadId, { ownerMay: "web-service:use" });
    if (!file || file.fileName !== decodeURIComponent(fileName)) return xmlResponse(404, "NoSuchKey", "The specified key does not exist.");
    // A link outlives nothing: if the role was removed since, the file is no longer served.
    if (!file.ownerPermitted) {
      return xmlResponse(403, "AccessDenied", "The account that generated this file no longer has access to its institution.");
    }
    if (options.headOnly) return await bulkFileResponse(file, { headOnly: true });

    // The connection is held before the download is audited: a refused download is no disclosure.
    const response = await bulkFileResponse(file);
    await audit({
      actorType: "web-service",
      actorUserId: file.userId,
      action: "bulk-file.downloaded",
      organizationId: file.organizationId,
      recordCount: file.recordCount,
      ip: options.ip,
      details: { downloadId, format: file.format, channel: "WEB_SERVICE", via: "pre-signed-url" },
    }).catch(async (error: unknown) => {
      await response.body?.cancel();
      throw error;
    });
    return response;
  } catch (error) {
    // Busy download connections or a database that is briefly away: the client should retry.
    const busy = error instanceof AppError && error.code === "UNAVAILABLE";
    const unavailable = busy ? error : isDatabaseUnavailable(error) ? databaseUnavailableError() : null;
    if (unavailable) {
      const response = xmlResponse(503, busy ? "SlowDown" : "ServiceUnavailable", unavailable.message);
      response.headers.set("Retry-After", String(unavailable.details.retryAfterSeconds ?? env().RETRY_AFTER_SECONDS));
      return response;
    }
    logger.error({ err: error, downloadId }, "web-service download failed");
    return xmlResponse(500, "InternalError", "We encountered an internal error. Please try again.");
  }
}
