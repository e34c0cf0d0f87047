import { NextResponse } from "next/server";
import { z } from "zod";
import { loadScoreReports } from "@/lib/admin/mutations";
import { DiCodeSchema, MAX_TXT_RECORDS, TXT_UPLOAD_MAX_BYTES } from "@/lib/admin/schema";
import { parseTxtUpload } from "@/lib/admin/txt-upload";
import { AppError } from "@/lib/errors";
import { adminRoute } from "@/lib/http/admin-route";
import { readQuery, readText } from "@/lib/http/route";

export const runtime = "nodejs";

const QuerySchema = z.object({ diCode: DiCodeSchema.optional() });

/**
 * A TXT file in the 950-character layout as the body (text/plain). Each record goes to the
 * DI code of the URL, or else to the college code in the record. Any malformed line → 400
 * listing the line numbers, and nothing is loaded.
 */
export const POST = adminRoute(async (request, { actor }) => {
  const { diCode } = readQuery(request, QuerySchema);
  const text = await readText(request, TXT_UPLOAD_MAX_BYTES);
  const parsed = parseTxtUpload(text, diCode ?? null, { maxRecords: MAX_TXT_RECORDS });
  if (!parsed.ok) {
    const [first] = parsed.problems;
    const more = parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more problem${parsed.problems.length > 2 ? "s" : ""})` : "";
    const fieldErrors = Object.fromEntries(parsed.problems.slice(0, 100).map((p) => [`line ${p.lineNumber}`, p.message]));
    const where = first!.lineNumber > 0 ? `Line ${first!.lineNumber}: ` : "";
    throw new AppError("BAD_REQUEST", `${where}${first!.message}${more}. Nothing was loaded.`, {
      field: first!.lineNumber > 0 ? `line ${first!.lineNumber}` : "file",
      fieldErrors,
    });
  }
  const released = await loadScoreReports(parsed.inputs, actor, "txt", (index) => `line ${parsed.lineNumbers[index]}`);
  return NextResponse.json({ released }, { status: 201 });
});
