import { audit } from "@/lib/audit";
import { authorizedInstitutions } from "@/lib/auth/gate";
import { clientIp } from "@/lib/http/client-ip";
import { logger } from "@/lib/logger";
import { bulkFileResponse } from "@/lib/bulk/download";
import { loadBulkFile } from "@/lib/bulk/queries";
import { checkDownloadUrl, downloadPath, xmlError } from "@/lib/web-service/signed-url";

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
export async function streamDownload(request: Request, downloadId: string, fileName: string, options: { headOnly?: boolean } = {}): Promise<Response> {
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
    const file = await loadBulkFile(downloadId);
    if (!file || file.fileName !== decodeURIComponent(fileName)) return xmlResponse(404, "NoSuchKey", "The specified key does not exist.");
    // A link outlives nothing: if the role was removed since, the file is no longer served.
    const institutions = await authorizedInstitutions(file.userId, "web-service:use");
    if (!institutions.some((i) => i.id === file.organizationId)) {
      return xmlResponse(403, "AccessDenied", "The account that generated this file no longer has access to its institution.");
    }
    if (options.headOnly) return bulkFileResponse(file, { headOnly: true });

    await audit({
      actorType: "web-service",
      actorUserId: file.userId,
      action: "bulk-file.downloaded",
      organizationId: file.organizationId,
      recordCount: file.recordCount,
      ip: clientIp(request.headers),
      details: { downloadId, format: file.format, channel: "WEB_SERVICE", via: "pre-signed-url" },
    });
    return bulkFileResponse(file);
  } catch (error) {
    logger.error({ err: error, downloadId }, "web-service download failed");
    return xmlResponse(500, "InternalError", "We encountered an internal error. Please try again.");
  }
}
