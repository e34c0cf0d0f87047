import { prisma } from "@/lib/db";
import { audit } from "@/lib/audit";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { retentionStart } from "@/lib/dates";
import type { ScoreReportPdfInput } from "@/lib/formats/pdf";
import type { StudentRecord } from "@/lib/formats/record";
import { parseTxtRecord } from "@/lib/formats/txt";
import { MAX_PDF_SELECTION } from "@/lib/pdf-reports/schema";
import { refusal, type Refusal, type Result } from "@/lib/errors";

export type PdfDownloadResult = Result<{ reports: ScoreReportPdfInput[]; fileName: string; generatedAt: Date }, Refusal & { reason: "too-many" | "not-found" }>;

function refused(reason: "too-many" | "not-found", message: string): Refusal & { reason: "too-many" | "not-found" } {
  return { ...refusal(reason === "too-many" ? "BAD_REQUEST" : "NOT_FOUND", message, { field: "reportIds" }), reason };
}

/** AP_<diCode>_<YYYYMMDDHHMMSS UTC>_reports.pdf */
export function pdfFileName(diCode: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  return `AP_${diCode}_${stamp}_reports.pdf`;
}

interface VersionRow {
  report_id: string;
  version: number;
  released_at: Date;
  data: unknown;
  txt_record: string;
  last_name_key: string;
  first_name: string;
}

/**
 * Records that `userId` downloaded the latest version of each selected report as PDF and
 * returns what to render. All or nothing: if any id is not a report of this institution
 * (another institution's, or past retention), nothing is recorded. PDF downloads live in
 * pdf_download only; bulk files and their "new" watermark are never touched.
 */
export async function downloadPdfReports(
  institution: AuthorizedInstitution,
  userId: string,
  reportIds: readonly string[],
  context: { ip?: string | null; now?: Date } = {},
): Promise<PdfDownloadResult> {
  const now = context.now ?? new Date();
  const ids = [...new Set(reportIds)];
  if (ids.length > MAX_PDF_SELECTION) {
    return refused("too-many", `Select up to ${MAX_PDF_SELECTION} students per download. To download more, batch them in multiple downloads.`);
  }
  if (ids.length === 0) return refused("not-found", "Select at least one student to download.");

  const outcome = await prisma.$transaction(async (tx) => {
    // The version joined is the one the report points at right now; it is also the version
    // recorded, so a release landing after this statement makes the student "New" again.
    const rows = await tx.$queryRaw<VersionRow[]>`
      SELECT r.id::text AS report_id, v.version, v.released_at, v.data, v.txt_record, r.last_name_key, r.first_name
        FROM score_report r
        JOIN score_report_version v ON v.report_id = r.id AND v.version = r.latest_version
       WHERE r.organization_id = ${institution.id}::uuid AND r.id = ANY(${ids}::bigint[]) AND r.latest_released_at >= ${retentionStart(now)}`;
    if (rows.length !== ids.length) return { ok: false as const, found: rows.length };
    await tx.pdfDownload.createMany({
      data: rows.map((r) => ({ userId, organizationId: institution.id, reportId: BigInt(r.report_id), version: r.version, downloadedAt: now })),
    });
    await audit(
      {
        actorType: "user",
        actorUserId: userId,
        action: "pdf.downloaded",
        organizationId: institution.id,
        recordCount: rows.length,
        ip: context.ip ?? null,
        details: { diCode: institution.diCode, format: "PDF", reportIds: rows.map((r) => r.report_id) },
      },
      tx,
    );
    return { ok: true as const, rows };
  });

  if (!outcome.ok) {
    const missing = ids.length - outcome.found;
    return refused(
      "not-found",
      ids.length === 1
        ? "The selected student's score report was not found at your institution. Search again and reselect."
        : `${missing} of the ${ids.length} selected score reports were not found at your institution. Search again and reselect.`,
    );
  }
  const rows = [...outcome.rows];
  // The PDF lists students alphabetically, like the results table's default order.
  rows.sort((a, b) => a.last_name_key.localeCompare(b.last_name_key) || a.first_name.localeCompare(b.first_name));
  return {
    ok: true,
    reports: rows.map((r) => ({ record: recordOf(r), releasedAt: new Date(r.released_at) })),
    fileName: pdfFileName(institution.diCode, now),
    generatedAt: now,
  };
}

/**
 * The version's structured record; bulk-generated data sets may store only the TXT record
 * (data = {}), which carries the same fields.
 */
function recordOf(row: VersionRow): StudentRecord {
  const data = row.data as Partial<StudentRecord> | null;
  if (data && typeof data === "object" && typeof data.apId === "string" && Array.isArray(data.exams)) return data as StudentRecord;
  return parseTxtRecord(row.txt_record);
}
