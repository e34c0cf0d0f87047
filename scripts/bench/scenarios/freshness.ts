/**
 * Scenario 6: time from a release through the admin API to the released report appearing in
 * the registrar's next "new" (incremental) file.
 */
import crypto from "node:crypto";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { createBulkFile, logBulkFile } from "@/lib/bulk/mutations";
import type { ReleaseInput } from "@/lib/reports/schema";
import { round, summarize } from "@/scripts/bench/lib/stats";
import type { ResultRow } from "@/scripts/bench/lib/report";
import { download, findString, postJson } from "../http";
import type { Context } from "../context";
import { BENCH_ADMIN_TOKEN, FRESH_CODE } from "../dataset";

function release(apId: string): ReleaseInput {
  return {
    diCode: FRESH_CODE,
    student: {
      apId,
      firstName: "Fresh",
      lastName: "Release",
      middleInitial: "",
      dateOfBirth: "2008-02-03",
      gender: "U",
      address: { lines: ["1 Main St"], state: "NY", zip: "10001", countryCode: "" },
      highSchool: { aiCode: "123456", name: "Central High", contactName: "", address: { lines: [], state: "NY", zip: "10001", countryCode: "" } },
      educationLevel: "4",
      expectedCollegeEntrance: "",
      studentSearch: "",
      bestLanguage: "",
      sophomoreStanding: "",
      derivedAggregateRace: "",
    },
    exams: [{ adminYear: 2026, examCode: "66", score: 5, irregularityCodes: [], suppression: "", classSection: "" }],
    awards: [],
  } as ReleaseInput;
}

const institution = (ctx: Context) => ({ id: ctx.ids.freshId as AuthorizedOrganizationId, diCode: FRESH_CODE, name: "Benchmark Freshness College" });

/** The registrar needs a logged file there, or "new" has nothing to continue from. */
export async function ensureBase(ctx: Context): Promise<void> {
  const { rowCount } = await ctx.db.query("SELECT 1 FROM bulk_file WHERE user_id = $1::uuid AND organization_id = $2::uuid AND logged_at IS NOT NULL", [
    ctx.ids.registrarId,
    ctx.ids.freshId,
  ]);
  if (rowCount) return;
  const full = await createBulkFile({
    userId: ctx.ids.registrarId,
    institution: institution(ctx),
    channel: "PORTAL",
    type: "FULL",
    format: "TXT",
    withoutBase: "refuse",
    refuseEmpty: false,
  });
  if (!full.ok) throw new Error(full.message);
  await logBulkFile(full.file.id, ctx.ids.registrarId, null, "PORTAL");
}

/** The registrar's next "new" file through the portal (generated, then downloaded, which logs it). */
export async function nextNewFile(ctx: Context): Promise<string> {
  const res = await postJson(
    `${ctx.baseUrl}/api/bulk/files`,
    { institutionId: ctx.ids.freshId, type: "INCREMENTAL", format: "TXT" },
    { cookie: ctx.registrarCookie, origin: ctx.baseUrl },
  );
  // 409: nothing new yet (the release is not in a file yet); anything else but success is a failure.
  if (res.status === 409) return "";
  if (res.status < 200 || res.status > 299) throw new Error(`POST /api/bulk/files: HTTP ${res.status} ${JSON.stringify(res.json)}`);
  const id = findString(res.json, ["id", "fileId", "downloadId"]);
  const url = findString(res.json, ["downloadUrl", "url", "href"]) ?? (id ? `/api/bulk/files/${id}` : null);
  if (!url) return "";
  const got = await download(new URL(url, ctx.baseUrl).toString(), { cookie: ctx.registrarCookie }, true);
  return got.body ?? "";
}

/** Releases one report through the admin API; milliseconds until it is in the registrar's next "new" file. */
export async function timeToNewFile(ctx: Context): Promise<number> {
  // Each timing asks for files as often as it can: more in a run than the Bulk Reports tab's
  // hourly limit per account (PORTAL_FILE_RATE_LIMIT), which a load test exceeds by design.
  await ctx.db.query("DELETE FROM rate_limit");
  const apId = `F${crypto.randomBytes(4).toString("hex").toUpperCase().slice(0, 7)}`;
  const started = performance.now();
  const res = await postJson(`${ctx.baseUrl}/api/admin/score-reports`, release(apId), { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` });
  if (res.status !== 201 && res.status !== 200) throw new Error(`admin release: HTTP ${res.status} ${JSON.stringify(res.json)}`);
  for (;;) {
    const text = await nextNewFile(ctx);
    if (text.includes(apId)) return performance.now() - started;
    if (performance.now() - started > 30_000) throw new Error(`freshness: ${apId} not in a new file after 30 s`);
  }
}

export async function runFreshnessScenario(ctx: Context): Promise<ResultRow[]> {
  await ensureBase(ctx);
  const reps = ctx.quick ? 5 : 10;
  const times: number[] = [];
  // Catch up first, so each measured file holds just the new release.
  await nextNewFile(ctx);
  for (let i = 0; i < reps; i++) times.push(await timeToNewFile(ctx));
  const s = summarize(times);
  return [
    {
      scenario: "freshness",
      metric: `release → in the next new file: p50 / max (${reps} releases)`,
      value: `${round(s.p50)} / ${round(s.max)} ms`,
      target: "< 1 s",
      verdict: s.max < 1000 ? "pass" : "miss",
      data: { times },
    },
  ];
}
