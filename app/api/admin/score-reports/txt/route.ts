import { MAX_TXT_RECORDS, TXT_UPLOAD_MAX_BYTES, TxtUploadQuerySchema } from "@/lib/reports/schema";
import { bodyChunks, releaseTxtUpload } from "@/lib/reports/txt-stream";
import { adminRoute } from "@/lib/http/admin-route";
import { refusal } from "@/lib/errors";

export const runtime = "nodejs";

/**
 * A TXT file in the 950-character layout as the body (text/plain), streamed: up to 100,000
 * lines, never held whole in memory. Each record goes to the DI code of the URL, or else to the
 * college code in the record. Any malformed line → 400 listing the line numbers, and nothing
 * is loaded; all lines are released in one transaction. The answer is a streamed
 * ScoreReportsLoaded (lib/reports/serializers.ts).
 */
export const POST = adminRoute({ query: TxtUploadQuerySchema }, async ({ request, query, actor }) => {
  if (Number(request.headers.get("content-length") ?? "0") > TXT_UPLOAD_MAX_BYTES) {
    return refusal("PAYLOAD_TOO_LARGE", `The request body is larger than ${TXT_UPLOAD_MAX_BYTES} bytes.`);
  }
  const answer = await releaseTxtUpload(bodyChunks(request), query.diCode ?? null, actor, { maxBytes: TXT_UPLOAD_MAX_BYTES, maxRecords: MAX_TXT_RECORDS });
  return new Response(answer, { status: 201, headers: { "content-type": "application/json" } });
});
