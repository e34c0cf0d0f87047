import { NextResponse } from "next/server";
import { loadScoreReports } from "@/lib/reports/mutations";
import { MAX_TXT_RECORDS, TXT_UPLOAD_MAX_BYTES, TxtUploadQuerySchema, parseTxtUpload, txtUploadRefusal } from "@/lib/reports/schema";
import { adminRoute } from "@/lib/http/admin-route";
import { readText } from "@/lib/http/route";

export const runtime = "nodejs";

/**
 * A TXT file in the 950-character layout as the body (text/plain). Each record goes to the
 * DI code of the URL, or else to the college code in the record. Any malformed line → 400
 * listing the line numbers, and nothing is loaded.
 */
export const POST = adminRoute({ query: TxtUploadQuerySchema }, async ({ request, query, actor }) => {
  const parsed = parseTxtUpload(await readText(request, TXT_UPLOAD_MAX_BYTES), query.diCode ?? null, { maxRecords: MAX_TXT_RECORDS });
  if (!parsed.ok) return txtUploadRefusal(parsed.problems);
  const released = await loadScoreReports(parsed.inputs, actor, "txt", (index) => `line ${parsed.lineNumbers[index]}`);
  return NextResponse.json({ released }, { status: 201 });
});
