/** Scenario 7: time to first byte of the signed-in registrar's dashboard at full scale. */
import { round, summarize } from "@/scripts/bench/lib/stats";
import type { ResultRow } from "@/scripts/bench/lib/report";
import { download } from "../http";
import type { Context } from "../context";

export async function runDashboardScenario(ctx: Context): Promise<ResultRow[]> {
  const reps = ctx.quick ? 30 : 100;
  const url = `${ctx.baseUrl}/dashboard`;
  for (let i = 0; i < 5; i++) await download(url, { cookie: ctx.registrarCookie });
  const ttfb: number[] = [];
  for (let i = 0; i < reps; i++) {
    const got = await download(url, { cookie: ctx.registrarCookie });
    if (got.status !== 200) throw new Error(`GET /dashboard: HTTP ${got.status} (not signed in?)`);
    ttfb.push(got.ttfbMs);
  }
  const s = summarize(ttfb);
  return [
    {
      scenario: "dashboard",
      metric: `/dashboard time to first byte: p50 / p95 (${reps} requests)`,
      value: `${round(s.p50)} / ${round(s.p95)} ms`,
      target: "p50 < 150 ms",
      verdict: s.p50 < 150 ? "pass" : "miss",
      data: { ...s },
    },
  ];
}
