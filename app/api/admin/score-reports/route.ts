import { NextResponse } from "next/server";
import { loadScoreReports } from "@/lib/reports/mutations";
import { parseScoreReportsText, SCORE_REPORTS_MAX_BYTES } from "@/lib/reports/schema";
import { adminRoute } from "@/lib/http/admin-route";
import type { ScoreReportsLoaded } from "@/lib/reports/serializers";
import { readText } from "@/lib/http/route";

export const runtime = "nodejs";

/**
 * Score data in: one report, or `{ "reports": [...] }` with up to 1,000 (all-or-nothing).
 * 201 with `{ released: [{ diCode, apId, reportId, version, releasedAt }] }`.
 */
export const POST = adminRoute({}, async ({ request, actor }) => {
  const { inputs, isBatch } = parseScoreReportsText(await readText(request, SCORE_REPORTS_MAX_BYTES));
  const released = await loadScoreReports(inputs, actor, "json", isBatch ? undefined : () => "");
  return NextResponse.json({ released } satisfies ScoreReportsLoaded, { status: 201 });
});
