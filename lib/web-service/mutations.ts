import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { checkPassword, isPasswordExpired, normalizeEmail } from "@/lib/auth/credentials";
import { lockMessage } from "@/lib/auth/lockout";
import { authorizedInstitutions, type AuthorizedInstitution } from "@/lib/auth/gate";
import { CURRENT_TERMS_VERSION } from "@/lib/terms";
import { hitRateLimit } from "@/lib/rate-limit";
import { verifyAppPassword } from "@/lib/accounts/app-passwords";
import { createBulkFile, logBulkFile } from "@/lib/bulk/mutations";
import { loadBulkFile } from "@/lib/bulk/queries";
import { webServiceConfig } from "@/lib/web-service/config";
import { issueAuthToken } from "@/lib/web-service/token";
import { signDownloadUrl } from "@/lib/web-service/signed-url";
import { WS_MESSAGES } from "@/lib/web-service/messages";
import type { AuthRequest, DownloadedRequest, FileGenerationRequest } from "@/lib/web-service/protocol";

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
export async function authenticate(input: AuthRequest, ip: string): Promise<AuthResult> {
  const email = normalizeEmail(input.u);
  const config = webServiceConfig();
  const limit = await hitRateLimit(`ws-auth:${email}`, config.WS_AUTH_LIMIT, config.WS_AUTH_WINDOW_SECONDS);
  if (!limit.allowed) throw new AppError("RATE_LIMITED", WS_MESSAGES.authRateLimited, { retryAfterSeconds: limit.retryAfterSeconds });

  const password = decodeBase64Password(input.p);
  if (password === null) throw new AppError("BAD_REQUEST", WS_MESSAGES.badBase64, { field: "p" });

  const now = new Date();
  let user: { id: string; sessionVersion: number };
  let appPasswordId: string | null = null;
  const app = await verifyAppPassword(email, password);
  if (app) {
    // An administrator's lock stops app passwords too.
    if (app.user.lockedUntil && app.user.lockedUntil > now) {
      throw new AppError("LOCKED", lockMessage(app.user.lockedUntil, now), {
        retryAfterSeconds: Math.ceil((app.user.lockedUntil.getTime() - now.getTime()) / 1000),
      });
    }
    user = app.user;
    appPasswordId = app.appPasswordId;
  } else {
    const checked = await checkPassword(email, password, ip, "web-service");
    if (!checked.ok) {
      if (checked.reason === "locked") {
        throw new AppError("LOCKED", checked.message, checked.retryAfterSeconds !== undefined ? { retryAfterSeconds: checked.retryAfterSeconds } : {});
      }
      throw new AppError("UNAUTHENTICATED", WS_MESSAGES.invalidCredentials);
    }
    if (checked.user.mfaEnabled) throw new AppError("FORBIDDEN", WS_MESSAGES.mfaEnabled);
    if (isPasswordExpired(checked.user.passwordChangedAt, now)) throw new AppError("FORBIDDEN", WS_MESSAGES.passwordExpired);
    user = checked.user;
  }

  const account = await prisma.user.findUnique({ where: { id: user.id }, select: { emailVerifiedAt: true } });
  if (!account?.emailVerifiedAt) throw new AppError("FORBIDDEN", WS_MESSAGES.emailNotVerified);
  const terms = await prisma.termsAcceptance.findUnique({ where: { userId_version: { userId: user.id, version: CURRENT_TERMS_VERSION } }, select: { id: true } });
  if (!terms) throw new AppError("FORBIDDEN", WS_MESSAGES.termsNotAccepted);
  if ((await authorizedInstitutions(user.id, "web-service:use")).length === 0) throw new AppError("FORBIDDEN", WS_MESSAGES.noRole);

  const { token, expiresAt } = issueAuthToken({ userId: user.id, sessionVersion: user.sessionVersion, appPasswordId }, now.getTime());
  return { userId: user.id, authToken: token, expiresAt, via: appPasswordId ? "app-password" : "password" };
}

/** The institution named by a DI code, if this user holds the web-service role there. */
export async function webServiceInstitution(userId: string, diCode: string): Promise<AuthorizedInstitution> {
  const match = (await authorizedInstitutions(userId, "web-service:use")).find((i) => i.diCode === diCode);
  if (!match) throw new AppError("FORBIDDEN", WS_MESSAGES.noRoleAt(diCode));
  return match;
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
): Promise<GeneratedFile> {
  const config = webServiceConfig();
  const limit = await hitRateLimit(`ws-gen:${userId}`, config.WS_GENERATION_LIMIT, config.WS_GENERATION_WINDOW_SECONDS);
  if (!limit.allowed) throw new AppError("RATE_LIMITED", WS_MESSAGES.generationRateLimited, { retryAfterSeconds: limit.retryAfterSeconds });

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
  });
  if (!result.ok) {
    // refuseEmpty with "as-full" leaves "empty" as the only refusal; it is not an error for clients.
    throw new NothingNewError(type === "FULL" ? WS_MESSAGES.noScoreOrdersFull(input.diCode) : WS_MESSAGES.noScoreOrdersNew(input.diCode));
  }
  const signed = signDownloadUrl(origin, result.file.id, result.file.fileName);
  return {
    downloadId: result.file.id,
    fileName: result.file.fileName,
    recordCount: result.file.recordCount,
    url: signed.url,
    expires: signed.expires,
    type,
  };
}

/** "No score orders found": a refusal in the body (success false) but an ordinary outcome (HTTP 200). */
export class NothingNewError extends AppError {
  constructor(message: string) {
    super("BAD_REQUEST", message);
    this.name = "NothingNewError";
  }

  override get status(): number {
    return 200;
  }
}

export interface LoggedDownload {
  organizationId: string;
  recordCount: number;
  alreadyLogged: boolean;
}

/** Step 4. Only now does "new" move past the file. Logging twice is a harmless success. */
export async function logDownload(userId: string, input: DownloadedRequest, ip: string): Promise<LoggedDownload> {
  const file = await loadBulkFile(input.downloadId);
  if (!file) throw new AppError("NOT_FOUND", WS_MESSAGES.unknownDownload(input.downloadId));
  if (file.userId !== userId) throw new AppError("FORBIDDEN", WS_MESSAGES.notYourDownload(input.downloadId));
  if (file.format !== input.format) throw new AppError("BAD_REQUEST", WS_MESSAGES.formatMismatch(input.downloadId, file.format), { field: "format" });
  const institutions = await authorizedInstitutions(userId, "web-service:use");
  if (!institutions.some((i) => i.id === file.organizationId)) throw new AppError("FORBIDDEN", "This account no longer holds the APOSRD HED Admin role for this file's institution.");
  const logged = await logBulkFile(input.downloadId, userId, ip, "WEB_SERVICE");
  if (!logged.ok) {
    throw logged.reason === "not-yours"
      ? new AppError("FORBIDDEN", WS_MESSAGES.notYourDownload(input.downloadId))
      : new AppError("NOT_FOUND", WS_MESSAGES.unknownDownload(input.downloadId));
  }
  return { organizationId: file.organizationId, recordCount: file.recordCount, alreadyLogged: logged.alreadyLogged };
}
