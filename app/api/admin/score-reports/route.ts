import { NextResponse } from "next/server";
import { loadScoreReports } from "@/lib/admin/mutations";
import { parseScoreReportsBody, SCORE_REPORTS_MAX_BYTES } from "@/lib/admin/schema";
import { AppError } from "@/lib/errors";
import { adminRoute } from "@/lib/http/admin-route";
import { readText } from "@/lib/http/route";

export const runtime = "nodejs";

/**
 * Score data in: one report, or `{ "reports": [...] }` with up to 1,000 (all-or-nothing).
 * 201 with `{ released: [{ diCode, apId, reportId, version, releasedAt }] }`.
 */
export const POST = adminRoute(async (request, { actor }) => {
  const text = await readText(request, SCORE_REPORTS_MAX_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "The request body must be valid JSON: one report or { \"reports\": [...] }.");
  }
  const inputs = parseScoreReportsBody(body);
  const isBatch = typeof body === "object" && body !== null && "reports" in body;
  const released = await loadScoreReports(inputs, actor, "json", isBatch ? undefined : () => "");
  return NextResponse.json({ released }, { status: 201 });
});
