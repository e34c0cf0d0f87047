import { NextResponse } from "next/server";
import { PORTAL_FILE_RATE_LIMIT, requestPortalFile } from "@/lib/bulk/download";
import { BulkFileRequestSchema } from "@/lib/bulk/schema";
import { serializeBulkFile } from "@/lib/bulk/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Generates a bulk file for the Bulk Reports tab. The file is only defined here (release
 * sequence watermark + base); its records are streamed by the download route, which logs it once served.
 */
export const POST = sessionRoute(
  { doing: "download score reports", permission: "bulk:download", body: BulkFileRequestSchema, rateLimit: PORTAL_FILE_RATE_LIMIT },
  async ({ user, institution, body, ip }) => {
    const result = await requestPortalFile(user.id, institution, body, ip);
    if (!result.ok) return result;
    return NextResponse.json(serializeBulkFile(result.file), { status: 201 });
  },
);
