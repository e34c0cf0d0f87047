import { Readable } from "node:stream";
import { renderScoreReportsPdf } from "@/lib/formats/pdf";
import { sessionRoute } from "@/lib/http/session-route";
import { downloadPdfReports } from "@/lib/pdf-reports/mutations";
import { DownloadRequestSchema, downloadRequestFromForm } from "@/lib/pdf-reports/schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST { reportIds: [...], institutionId? } (JSON, or a form with repeated reportIds fields):
 * one PDF with a print-friendly report per selected student, streamed as it is drawn. The
 * download is recorded per user and per report version before the first byte goes out; any
 * refusal (more than 100, another institution's ids) records nothing.
 */
export const POST = sessionRoute(
  { doing: "look up and download score reports", permission: "pdf:download", body: DownloadRequestSchema, form: downloadRequestFromForm, maxBytes: 20_000 },
  async ({ user, institution, body, ip }) => {
    const result = await downloadPdfReports(institution, user.id, body.reportIds, { ip });
    if (!result.ok) return result;
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
  },
);
