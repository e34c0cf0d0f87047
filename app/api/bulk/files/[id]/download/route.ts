import { Readable } from "node:stream";
import { requireApiUser } from "@/lib/auth/api-gate";
import { audit } from "@/lib/audit";
import { authorizeInstitution } from "@/lib/auth/gate";
import { logBulkFile } from "@/lib/bulk/mutations";
import { loadBulkFile } from "@/lib/bulk/queries";
import { BulkFileIdSchema } from "@/lib/bulk/schema";
import { bulkFileReadable, contentTypeOf, txtFileBytes } from "@/lib/bulk/stream";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { route, type RouteContext } from "@/lib/http/route";
import { logger } from "@/lib/logger";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NOT_FOUND = "This file does not exist or is not yours.";

/**
 * Streams a portal bulk file to its owner. Once the last record has been handed to the
 * response the file counts as downloaded (logged), which is what moves "new" past it.
 */
export const GET = route<{ id: string }>(async (request, context: RouteContext<{ id: string }>) => {
  const user = await requireApiUser("download score reports");
  const { id } = await context.params;
  if (!BulkFileIdSchema.safeParse(id).success) throw new AppError("NOT_FOUND", NOT_FOUND);
  const file = await loadBulkFile(id);
  // Someone else's file is answered exactly like a missing one: ids must not reveal anything.
  if (!file || file.userId !== user.id || file.channel !== "PORTAL") throw new AppError("NOT_FOUND", NOT_FOUND);
  // Access can be removed after the file was generated.
  await authorizeInstitution(user.id, "bulk:download", { id: file.organizationId });

  const ip = clientIp(request.headers);
  const body = bulkFileReadable(file.definition, file.format, {
    onComplete: async (records) => {
      try {
        await logBulkFile(file.id, user.id, ip, "PORTAL");
        await audit({
          actorType: "user",
          actorUserId: user.id,
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

  const headers = new Headers({
    "Content-Type": contentTypeOf(file.format),
    "Content-Disposition": `attachment; filename="${file.fileName}"`,
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Record-Count": String(file.recordCount),
  });
  // TXT records are fixed width, so the size is known before the first byte; CSV rows are not.
  if (file.format === "TXT") headers.set("Content-Length", String(txtFileBytes(file.recordCount)));
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, { status: 200, headers });
});
