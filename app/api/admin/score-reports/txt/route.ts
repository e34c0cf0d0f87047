import { z } from "zod";
import { DiCodeSchema, MAX_TXT_RECORDS, TXT_UPLOAD_MAX_BYTES } from "@/lib/admin/schema";
import { bodyChunks, releaseTxtUpload } from "@/lib/admin/txt-stream";
import { AppError } from "@/lib/errors";
import { adminRoute } from "@/lib/http/admin-route";
import { readQuery } from "@/lib/http/route";

export const runtime = "nodejs";

const QuerySchema = z.object({ diCode: DiCodeSchema.optional() });

/**
 * A TXT file in the 950-character layout as the body (text/plain), streamed: up to 100,000
 * lines, never held whole in memory. Each record goes to the DI code of the URL, or else to the
 * college code in the record. Any malformed line → 400 listing the line numbers, and nothing
 * is loaded; all lines are released in one transaction.
 */
export const POST = adminRoute(async (request, { actor }) => {
  const { diCode } = readQuery(request, QuerySchema);
  if (Number(request.headers.get("content-length") ?? "0") > TXT_UPLOAD_MAX_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", `The request body is larger than ${TXT_UPLOAD_MAX_BYTES} bytes.`);
  }
  const answer = await releaseTxtUpload(bodyChunks(request), diCode ?? null, actor, { maxBytes: TXT_UPLOAD_MAX_BYTES, maxRecords: MAX_TXT_RECORDS });
  return new Response(answer, { status: 201, headers: { "content-type": "application/json" } });
});
