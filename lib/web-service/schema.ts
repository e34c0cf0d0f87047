import { z } from "zod";

/**
 * The wire protocol of the real service (DOMAIN.md §3): paths, headers, JSON field names.
 * These schemas parse requests and also generate the OpenAPI document, so the documentation
 * cannot drift from what the endpoints accept.
 */

export const BASE_PATH = "/aposrd-api-prod";

export const AUTHENTICATION_HEADER = "X-CB-Catapult-Authentication-Token";
export const AUTHORIZATION_HEADER = "X-CB-Catapult-Authorization-Token";
/** Sent as X-CB-Catapult-Authentication-Token on every call. */
export const AUTHENTICATION_VALUE = "CBLogin Web Service";
/** Sent as X-CB-Catapult-Authorization-Token on the login call (later calls send the authToken). */
export const LOGIN_AUTHORIZATION_VALUE = "CBLogin";

/** The refusal a client treats as a clean "nothing to do" (clients match this text). */
export const NO_SCORE_ORDERS = "There were no score orders found";

const digits = /^\d{4,6}$/;

/** DI codes arrive as a string of digits; some clients send a number. Both are accepted. */
export const DiCodeField = z
  .union([z.string(), z.number()], { error: 'diCode is required: the institution\'s 4-6 digit DI code, e.g. "5818"' })
  .transform((v) => (typeof v === "number" ? String(v) : v.trim()))
  .pipe(z.string().regex(digits, 'diCode must be the institution\'s 4-6 digit DI code, e.g. "5818"'))
  .transform(normalizeDiCode)
  .meta({ description: "The institution's DI code, as a string of digits (a number is accepted too).", pattern: "^\\d{4,6}$", examples: ["5818"] });

/** "005818" and "5818" are one institution (the TXT layout zero-pads DI codes to six). */
export function normalizeDiCode(code: string): string {
  let i = 0;
  while (i < code.length - 4 && code[i] === "0") i++;
  return code.slice(i);
}

export const FormatField = z
  .string({ error: 'format is required: "TXT" or "CSV"' })
  .transform((v) => v.trim().toUpperCase())
  .pipe(z.enum(["TXT", "CSV"], { error: 'format must be "TXT" or "CSV"' }))
  .meta({ description: "File format: TXT (950-character fixed width) or CSV (letter case is ignored).", enum: ["TXT", "CSV"], examples: ["TXT"] });

export const DownloadTypeField = z
  .string({ error: 'downloadType is required: "new" or "full"' })
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(["new", "full"], { error: 'downloadType must be "new" or "full"' }))
  .meta({
    description:
      '"new": score reports sent since this account\'s last logged full or new file (the whole reporting year the first time). "full": every score report sent since the start of the current reporting year (July 1).',
    enum: ["new", "full"],
    examples: ["new"],
  });

/** downloadId comes back from clients as a number or a string of digits. */
export const DownloadIdField = z
  .union([z.number(), z.string()], { error: "downloadId is required: the downloadId returned by fileGeneration" })
  .transform((v) => String(v).trim())
  .pipe(z.string().regex(/^[1-9]\d{0,17}$/, "downloadId must be the downloadId returned by fileGeneration (a positive whole number)"))
  .meta({ description: "The downloadId returned by fileGeneration (a number; a string of digits is accepted).", examples: [1234] });

export const AuthRequestSchema = z
  .object({
    u: z.string({ error: "u is required: the account's email address" }).trim().min(1, "u is required: the account's email address").max(254, "u is too long"),
    p: z
      .string({ error: "p is required: the password (or an app password), base64-encoded" })
      .min(1, "p is required: the password (or an app password), base64-encoded")
      .max(1024, "p is too long")
      .meta({ description: "The account password or a web-service app password, base64-encoded (UTF-8)." }),
  })
  .meta({ id: "AuthRequest", description: "Step 1: authenticate." });

export const FileGenerationRequestSchema = z
  .object({ diCode: DiCodeField, format: FormatField, downloadType: DownloadTypeField })
  .meta({ id: "FileGenerationRequest", description: "Step 2: generate a file." });

export const DownloadedRequestSchema = z
  .object({ downloadId: DownloadIdField, format: FormatField })
  .meta({ id: "DownloadedRequest", description: "Step 4: log the download." });

export const FileListRequestSchema = z.object({ diCode: DiCodeField }).meta({ id: "FileListRequest", description: "This account's files for a DI code." });

// ─── responses (documentation only: handlers build them through the types below) ───

export const FailureResponseSchema = z
  .object({ success: z.literal(false), message: z.string() })
  .meta({ id: "Failure", description: "Every refusal: success false and a message saying what to do." });

export const AuthResponseSchema = z
  .object({
    success: z.literal(true),
    message: z.string(),
    authToken: z.string().meta({ description: "Send as X-CB-Catapult-Authorization-Token on later calls. Valid for 60 minutes by default." }),
  })
  .meta({ id: "AuthResponse" });

export const FileGenerationResponseSchema = z
  .object({
    success: z.literal(true),
    url: z.url().meta({ description: "Pre-signed download URL (GET). Carries Expires (Unix seconds) and Signature query parameters." }),
    fileName: z.string(),
    downloadId: z.number().int(),
    recordCount: z.number().int().meta({ description: "Score reports in the file (an addition of the replica)." }),
    message: z.string(),
  })
  .meta({ id: "FileGenerationResponse" });

export const DownloadedResponseSchema = z.object({ success: z.literal(true), message: z.string() }).meta({ id: "DownloadedResponse" });

export const FileListResponseSchema = z
  .object({
    success: z.literal(true),
    message: z.string(),
    files: z.array(
      z.object({
        downloadId: z.number().int(),
        fileName: z.string(),
        downloadType: z.enum(["full", "new", "custom"]),
        format: z.enum(["TXT", "CSV"]),
        channel: z.enum(["WEB_SERVICE", "PORTAL", "SFTP"]),
        createdAt: z.iso.datetime(),
        recordCount: z.number().int(),
        loggedAt: z.iso.datetime().nullable(),
      }),
    ),
  })
  .meta({ id: "FileListResponse" });

export type AuthRequest = z.infer<typeof AuthRequestSchema>;
export type FileGenerationRequest = z.infer<typeof FileGenerationRequestSchema>;
export type DownloadedRequest = z.infer<typeof DownloadedRequestSchema>;
export type FileListRequest = z.infer<typeof FileListRequestSchema>;
export type FileListResponse = z.infer<typeof FileListResponseSchema>;
