import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/api-gate";
import { authorizeInstitution } from "@/lib/auth/gate";
import { createBulkFile } from "@/lib/bulk/mutations";
import { BulkFileRequestSchema } from "@/lib/bulk/schema";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { hitRateLimit } from "@/lib/rate-limit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Generates a bulk file for the Bulk Reports tab. The file is only defined here (release
 * sequence watermark + base); its records are streamed by the download route, which logs it once served.
 */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await requireApiUser("download score reports");
  const input = await readJson(request, BulkFileRequestSchema, 10_000);
  const institution = await authorizeInstitution(
    user.id,
    "bulk:download",
    input.institutionId ? { id: input.institutionId } : { selectedId: user.selectedOrganizationId },
  );
  const limit = await hitRateLimit(`bulk-file:${user.id}`, 120, 3600);
  if (!limit.allowed) {
    throw new AppError("RATE_LIMITED", "Too many files requested. Try again later.", { retryAfterSeconds: limit.retryAfterSeconds });
  }
  const result = await createBulkFile({
    userId: user.id,
    institution,
    channel: "PORTAL",
    type: input.type,
    format: input.format,
    ...(input.type === "CUSTOM" && input.start && input.end ? { range: { start: input.start, end: input.end } } : {}),
    withoutBase: "refuse",
    // An empty incremental file is "nothing new"; an empty full or custom file is a valid answer.
    refuseEmpty: input.type === "INCREMENTAL",
    ip: clientIp(request.headers),
  });
  if (!result.ok) throw new AppError("CONFLICT", result.message, { field: "type" });
  const { file } = result;
  return NextResponse.json(
    {
      id: file.id,
      fileName: file.fileName,
      type: file.type,
      format: file.format,
      recordCount: file.recordCount,
      downloadUrl: `/api/bulk/files/${file.id}/download`,
    },
    { status: 201 },
  );
});
