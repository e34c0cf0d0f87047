/** Scenario 4: a 100-student PDF fed from one institution's stored records; pages per second. */
import { pool } from "@/lib/db";
import { renderScoreReportsPdfBuffer } from "@/lib/formats/pdf";
import type { StudentRecord } from "@/lib/formats/record";
import { round, summarize } from "@/scripts/bench/lib/stats";
import type { ResultRow } from "@/scripts/bench/lib/report";
import type { Context } from "../context";

export async function runPdfScenario(ctx: Context): Promise<ResultRow[]> {
  const reps = ctx.quick ? 3 : 5;
  const totals: number[] = [];
  const renders: number[] = [];
  let pages = 0;
  let bytes = 0;
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    // A different page of 100 students each time, as a registrar would select them.
    const { rows } = await pool().query<{ data: StudentRecord; released_at: Date }>(
      `SELECT v.data, v.released_at FROM score_report r
         JOIN score_report_version v ON v.report_id = r.id AND v.version = r.latest_version
        WHERE r.organization_id = $1::uuid ORDER BY r.last_name_key, r.first_name, r.id OFFSET $2 LIMIT 100`,
      [ctx.ids.bigId, i * 100],
    );
    const renderStart = performance.now();
    const pdf = await renderScoreReportsPdfBuffer(
      rows.map((r) => ({ record: r.data, releasedAt: r.released_at })),
      { generatedAt: new Date(), institutionName: "Benchmark State University", diCode: "9001" },
    );
    const end = performance.now();
    totals.push(end - started);
    renders.push(end - renderStart);
    pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    bytes = pdf.length;
    if (rows.length !== 100) throw new Error(`pdf: expected 100 students, got ${rows.length}`);
  }
  const total = summarize(totals);
  const render = summarize(renders);
  return [
    {
      scenario: "pdf",
      metric: `100-student PDF, read + render (median of ${reps})`,
      value: `${round(total.p50)} ms (${pages} pages, ${round(bytes / 1024)} KiB)`,
      target: "< 1 s",
      verdict: total.p50 < 1000 ? "pass" : "miss",
      data: { totals, renders, pages, bytes },
    },
    { scenario: "pdf", metric: "pages per second (render only)", value: `${round(pages / (render.p50 / 1000))}`, target: "—", verdict: "info" },
  ];
}
