/**
 * Bulk files as the portal asks for and serves them, and the response both channels stream a
 * stored file with (the portal here, the web service's pre-signed URL in lib/web-service).
 */
import { Readable } from "node:stream";
import { audit } from "@/lib/audit";
import { INSTITUTION_FORBIDDEN_MESSAGE, type AuthorizedInstitution } from "@/lib/auth/gate";
import { AppError, refusal, type Refusal, type Result } from "@/lib/errors";
import { logger } from "@/lib/logger";
import type { RateLimitRule } from "@/lib/rate-limit";
import { createBulkFile, logBulkFile, type BulkFileInfo } from "@/lib/bulk/mutations";
import { loadBulkFile, type DownloadableFile } from "@/lib/bulk/queries";
import type { BulkFileRequest } from "@/lib/bulk/schema";
import { contentTypeOf, openBulkFile, txtFileBytes } from "@/lib/bulk/stream";

/** Files one account may request from the Bulk Reports tab per hour. */
export const PORTAL_FILE_RATE_LIMIT: RateLimitRule = {
  name: "bulk-file",
  limit: 120,
  windowSeconds: 3600,
  message: "Too many files requested. Try again later.",
};

/**
 * The Bulk Reports tab's request. The file is only defined here (snapshot + watermark); its
 * records are streamed by servePortalFile, which logs it once served. The portal refuses an
 * incremental file before the first full one, and an empty incremental file ("nothing new");
 * an empty full or custom file is a valid answer.
 */
export async function requestPortalFile(
  userId: string,
  institution: AuthorizedInstitution,
  input: BulkFileRequest,
  ip: string,
): Promise<Result<{ file: BulkFileInfo }>> {
  const result = await createBulkFile({
    userId,
    institution,
    channel: "PORTAL",
    type: input.type,
    format: input.format,
    ...(input.type === "CUSTOM" && input.start && input.end ? { range: { start: input.start, end: input.end } } : {}),
    withoutBase: "refuse",
    refuseEmpty: input.type === "INCREMENTAL",
    ip,
  });
  return result.ok ? result : refusal("CONFLICT", result.message, { field: "type" });
}

const NOT_YOURS = refusal("NOT_FOUND", "This file does not exist or is not yours.");

/**
 * Streams a portal bulk file to its owner. Someone else's file is answered exactly like a
 * missing one: ids must not reveal anything. Once the last record has been handed to the
 * response the file counts as downloaded (logged), which is what moves "new" past it.
 */
export async function servePortalFile(userId: string, fileId: string, ip: string): Promise<Response | Refusal> {
  const file = await loadBulkFile(fileId, { ownerMay: "bulk:download" });
  if (!file || file.userId !== userId || file.channel !== "PORTAL") return NOT_YOURS;
  // Access can be removed after the file was generated (authorizeInstitution's refusal).
  if (!file.ownerPermitted) throw new AppError("FORBIDDEN", INSTITUTION_FORBIDDEN_MESSAGE);
  return await bulkFileResponse(file, {
    onComplete: async (records) => {
      try {
        await logBulkFile(file.id, userId, ip, "PORTAL");
        await audit({
          actorType: "user",
          actorUserId: userId,
          action: "bulk-file.downloaded",
          organizationId: file.organizationId,
          recordCount: records,
          ip,
          details: { downloadId: file.id, format: file.format, fileName: file.fileName, channel: "PORTAL" },
        });
      } catch (error) {
        // The bytes are already on their way; a failed log only means the file stays "new".
        logger.error({ err: error, fileId: file.id }, "could not log a served bulk file");
      }
    },
  });
}

/**
 * A stored file as a download: streamed from its definition, so the bytes are the same every
 * time. TXT records are fixed width, so the size is known before the first byte; CSV rows are
 * not. (Next 16's server drops Content-Length from route handler responses and sends them
 * chunked, so X-Record-Count also lets clients check what they received.)
 */
export async function bulkFileResponse(
  file: DownloadableFile,
  options: { headOnly?: boolean; onComplete?: (records: number) => Promise<void> } = {},
): Promise<Response> {
  const headers = new Headers({
    "Content-Type": contentTypeOf(file.format),
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Record-Count": String(file.recordCount),
  });
  if (file.format === "TXT") headers.set("Content-Length", String(txtFileBytes(file.recordCount)));
  if (options.headOnly) return new Response(null, { status: 200, headers });
  // The connection is held before the status is sent: no free one means 503 + Retry-After, not a 200 that breaks off.
  const body = await openBulkFile(file.definition, file.format, options.onComplete ? { onComplete: options.onComplete } : {});
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status: 200, headers });
}
