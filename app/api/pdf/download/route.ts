import { Readable } from "node:stream";
import { AppError } from "@/lib/errors";
import { renderScoreReportsPdf } from "@/lib/formats/pdf";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, readText, route } from "@/lib/http/route";
import { downloadPdfReports } from "@/lib/pdf-reports/mutations";
import { DownloadRequestSchema } from "@/lib/pdf-reports/schema";
import { parseOrThrow } from "@/lib/errors";
import { requireApiInstitution } from "@/lib/auth/api-gate";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST { reportIds: [...], institutionId? } (JSON, or a form with repeated reportIds fields):
 * one PDF with a print-friendly report per selected student, streamed as it is drawn. The
 * download is recorded per user and per report version before the first byte goes out; any
 * refusal (more than 100, another institution's ids) records nothing.
 */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const type = request.headers.get("content-type") ?? "";
  const input = type.includes("application/x-www-form-urlencoded") ? parseOrThrow(DownloadRequestSchema, formBody(await readText(request, 20_000))) : await readJson(request, DownloadRequestSchema, 20_000);
  const { user, institution } = await requireApiInstitution("pdf:download", "look up and download score reports", input.institutionId);
  const result = await downloadPdfReports(institution, user.id, input.reportIds, { ip: clientIp(request.headers) });
  if (!result.ok) {
    throw new AppError(result.reason === "too-many" ? "BAD_REQUEST" : "NOT_FOUND", result.message, { field: "reportIds" });
  }
  const doc = renderScoreReportsPdf(result.reports, { generatedAt: result.generatedAt, institutionName: institution.name, diCode: institution.diCode });
  return new Response(Readable.toWeb(doc) as ReadableStream<Uint8Array>, {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename=${result.fileName}`,
      "Cache-Control": "no-store",
      "X-Report-Count": String(result.reports.length),
    },
  });
});

function formBody(text: string): { reportIds: string[]; institutionId?: string } {
  const form = new URLSearchParams(text);
  const reportIds = form.getAll("reportIds").flatMap((v) => v.split(",")).filter((v) => v.trim() !== "");
  const institutionId = form.get("institutionId");
  return institutionId ? { reportIds, institutionId } : { reportIds };
}
