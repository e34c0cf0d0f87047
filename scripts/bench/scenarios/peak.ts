/**
 * Scenario `peak`: release-day downloads. 50 signed-in users of 50 institutions each create and
 * download their institution's full TXT file (10,000 reports; quick: 1,000) at the same time,
 * while a registrar's dashboard is polled. Measured beside, in the same run: 50 parallel psql
 * COPYs of the same rows (the floor), and the dashboard's p95 when idle.
 *
 * The 50 institutions and their users are generated on the first run (prisma/factories/score-data.ts)
 * and kept in the benchmark database with the rest of its data.
 */
import { fileRowsQuery } from "@/lib/bulk/definition";
import { loadBulkFile } from "@/lib/bulk/queries";
import { hashPassword } from "@/lib/crypto";
import { generateScoreData, type TargetInstitution } from "@/prisma/factories/score-data";
import { mib, round, summarize } from "@/scripts/bench/lib/stats";
import type { ResultRow } from "@/scripts/bench/lib/report";
import { inlineParameters } from "@/lib/pg-copy";
import { download, findString, postJson, signIn } from "../http";
import { sampleRss } from "../server";
import type { HeldMemory } from "../lib/inspector";
import type { Context } from "../context";
import { BENCH_PASSWORD, BENCH_SEED, createUser, insertOrganizations } from "../dataset";
import { psqlCopy } from "./files";

const USERS = 50;
/** What Chromium sends. */
const BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd";
const peakCode = (i: number) => String(700_000 + i);
const peakEmail = (i: number) => `bench-peak-${i}@bench.example.edu`;

interface PeakInstitution {
  id: string;
  code: string;
  email: string;
}

/** The 50 institutions with `reports` reports each and one registrar each, made once. */
async function ensurePeakData(ctx: Context, reports: number): Promise<PeakInstitution[]> {
  const codes = Array.from({ length: USERS }, (_, i) => peakCode(i));
  const existing = await ctx.db.query<{ id: string; code: string; reports: number }>(
    `SELECT o.id::text AS id, o.code, (SELECT count(*) FROM score_report r WHERE r.organization_id = o.id)::int AS reports
       FROM organization o WHERE o.kind = 'COLLEGE' AND o.code = ANY($1::text[]) ORDER BY o.code`,
    [codes],
  );
  const institutions = (rows: Array<{ id: string; code: string }>) => rows.map((r) => ({ id: r.id, code: r.code, email: peakEmail(Number(r.code) - 700_000) }));
  if (existing.rows.length === USERS && existing.rows.every((r) => r.reports === reports)) return institutions(existing.rows);
  if (existing.rows.length) throw new Error("peak: the benchmark database holds an incomplete set of peak institutions; rerun with --fresh");

  const t = performance.now();
  const ids = await insertOrganizations(
    ctx.db,
    codes.map((code, i) => ({ code, name: `Peak College ${i + 1}` })),
  );
  const targets: TargetInstitution[] = ids.map((id, i) => ({
    id,
    code: codes[i]!,
    name: `Peak College ${i + 1}`,
    contactName: "Office of Admissions",
    addressLines: [`${codes[i]} Peak Way`],
    city: "Springfield",
    state: "IL",
    zip: "62701",
    students: reports,
  }));
  // AP IDs are random: keep clear of every student already in the database.
  const { rows: taken } = await ctx.db.query<{ ap_id: string }>("SELECT ap_id FROM student");
  await ctx.db.query("BEGIN");
  try {
    await generateScoreData(ctx.db, targets, {
      seed: BENCH_SEED + 2,
      now: new Date(),
      currentYearShare: 1,
      updatedShare: 0.1,
      sharedStudentShare: 0,
      takenApIds: new Set(taken.map((r) => r.ap_id)),
    });
    const hash = await hashPassword(BENCH_PASSWORD);
    for (const [i, id] of ids.entries()) await createUser(ctx.db, peakEmail(i), hash, `Peak${i}`, [id], new Date());
    await ctx.db.query("COMMIT");
  } catch (error) {
    await ctx.db.query("ROLLBACK");
    throw error;
  }
  await ctx.db.query("VACUUM ANALYZE");
  ctx.log(`peak: generated ${USERS} institutions of ${reports.toLocaleString("en-US")} reports (${round((performance.now() - t) / 1000)} s)`);
  return institutions(ids.map((id, i) => ({ id, code: codes[i]! })));
}

/** Creates the user's full TXT file through the portal and downloads it; a 503 (download pool full) is retried as a client would. */
async function fullFile(ctx: Context, cookie: string, institutionId: string): Promise<{ id: string; bytes: number; retries: number }> {
  const res = await postJson(`${ctx.baseUrl}/api/bulk/files`, { institutionId, type: "FULL", format: "TXT" }, { cookie, origin: ctx.baseUrl });
  if (res.status >= 300) throw new Error(`POST /api/bulk/files: HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
  const id = findString(res.json, ["id", "fileId", "downloadId"]);
  const url = findString(res.json, ["downloadUrl", "url", "href"]) ?? (id ? `/api/bulk/files/${id}` : null);
  if (!id || !url) throw new Error(`POST /api/bulk/files answered without a download URL: ${JSON.stringify(res.json)}`);
  for (let retries = 0; ; retries++) {
    // As a browser asks for it: whatever the server would compress, it compresses here.
    const got = await download(new URL(url, ctx.baseUrl).toString(), { cookie, "accept-encoding": BROWSER_ACCEPT_ENCODING });
    if (got.status === 200) return { id, bytes: got.bytes, retries };
    if (got.status !== 503 || retries >= 30) throw new Error(`download ${url}: HTTP ${got.status}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The registrar's dashboard, as their browser asks for it. */
function loadDashboard(ctx: Context) {
  return download(`${ctx.baseUrl}/dashboard`, { cookie: ctx.registrarCookie, "accept-encoding": BROWSER_ACCEPT_ENCODING });
}

async function pollDashboard(ctx: Context, until: () => boolean, minimum = 0): Promise<number[]> {
  const ttfb: number[] = [];
  while (!until() || ttfb.length < minimum) {
    const got = await loadDashboard(ctx);
    if (got.status !== 200) throw new Error(`GET /dashboard: HTTP ${got.status}`);
    ttfb.push(got.ttfbMs);
  }
  return ttfb;
}

export async function runPeakScenario(ctx: Context): Promise<ResultRow[]> {
  if (!ctx.baseUrl) throw new Error("peak needs the server");
  const reports = ctx.quick ? 1_000 : 10_000;
  const institutions = await ensurePeakData(ctx, reports);
  const cookies: string[] = [];
  for (const inst of institutions) cookies.push(await signIn(ctx.baseUrl, inst.email, BENCH_PASSWORD));

  // The dashboard idle, then during the downloads.
  for (let i = 0; i < 5; i++) await loadDashboard(ctx);
  const idle = summarize(await pollDashboard(ctx, () => true, ctx.quick ? 30 : 60));

  let done = false;
  const sampler = sampleRss(ctx.serverPid);
  const started = performance.now();
  const polling = pollDashboard(ctx, () => done);
  const files = await Promise.all(institutions.map((inst, i) => fullFile(ctx, cookies[i]!, inst.id))).finally(() => (done = true));
  const appSeconds = (performance.now() - started) / 1000;
  const peakRss = sampler.stop();
  const busy = summarize(await polling);

  // The floor: the same 50 files' rows by psql COPY, all at once.
  const queries = await Promise.all(
    files.map(async (f) => {
      const file = await loadBulkFile(f.id);
      if (!file) throw new Error(`bulk file ${f.id} not found`);
      if (file.recordCount !== reports) throw new Error(`peak: expected ${reports} records, the file has ${file.recordCount}`);
      const query = fileRowsQuery(file.definition, "TXT");
      return inlineParameters(query.text, query.values);
    }),
  );
  const floorStarted = performance.now();
  await Promise.all(queries.map((sql) => psqlCopy(ctx.databaseUrl, sql, "TXT")));
  const floorSeconds = (performance.now() - floorStarted) / 1000;

  // What the server holds (after a full collection, through its inspector): at rest after the
  // downloads, halfway through the same downloads again, and at rest after them. Run after the
  // measured round because forcing a full collection shrinks the heap, and the collections
  // that follow under load would then slow the dashboard measured above.
  const atRest = await ctx.serverHeldMemory();
  let halfway: Promise<HeldMemory> | null = null;
  let finished = 0;
  await Promise.all(
    institutions.map((inst, i) =>
      fullFile(ctx, cookies[i]!, inst.id).then(() => {
        if (++finished === USERS / 2) halfway = ctx.serverHeldMemory();
      }),
    ),
  );
  const inFlight = await halfway!;
  const after = await ctx.serverHeldMemory();

  const records = USERS * reports;
  const ratio = appSeconds / floorSeconds;
  const dashboardRatio = busy.p95 / idle.p95;
  const growth = peakRss - sampler.baseline;
  const held = (m: HeldMemory) => m.heapUsed + m.external;
  const retries = files.reduce((n, f) => n + f.retries, 0);
  return [
    {
      scenario: "peak",
      metric: `${USERS} users download full TXT files of ${reports.toLocaleString("en-US")} reports at once: aggregate records/s`,
      value: `${Math.round(records / appSeconds).toLocaleString("en-US")} records/s (${round(appSeconds)} s, ${round(mib(files.reduce((n, f) => n + f.bytes, 0)))} MiB sent${retries ? `, ${retries} downloads retried after 503` : ""})`,
      floor: `${Math.round(records / floorSeconds).toLocaleString("en-US")} records/s (${round(floorSeconds)} s, ${USERS} parallel psql COPY)`,
      target: "ratio ≤ 3",
      verdict: ratio <= 3 ? "pass" : "miss",
      note: `wall-time ratio to the floor ${round(ratio, 2)}; the downloads ask for compression as a browser does (Accept-Encoding: ${BROWSER_ACCEPT_ENCODING}), so the bytes sent are what the server sends after compressing; file creation and sign-in-checked downloads through the portal, at most DOWNLOAD_POOL_SIZE streaming at once (the rest wait, or get 503 and retry).`,
      data: { appSeconds, floorSeconds, ratio, retries },
    },
    {
      scenario: "peak",
      metric: `/dashboard time to first byte during the downloads: p50 / p95 (${busy.n} requests)`,
      value: `${round(busy.p50)} / ${round(busy.p95)} ms (${round(dashboardRatio, 2)}× idle p95)`,
      floor: `${round(idle.p50)} / ${round(idle.p95)} ms idle (${idle.n} requests)`,
      target: "p95 ≤ 3× idle p95",
      verdict: dashboardRatio <= 3 ? "pass" : "miss",
      data: { idle, busy },
    },
    {
      scenario: "peak",
      metric: "server memory growth during the downloads",
      value: `${round(mib(growth))} MiB (peak RSS ${round(mib(peakRss))} MiB)`,
      target: "< 100 MB",
      verdict: growth < 100 * 1024 * 1024 ? "pass" : "miss",
      note: `the resident set also counts garbage not yet collected and heap the collector keeps for later. What the server holds after a full collection (live heap and buffers, through its inspector), in a second round of the same downloads: ${round(mib(held(atRest)))} MiB at rest before it, ${round(mib(held(inFlight)))} MiB halfway (${USERS / 2} of ${USERS} files downloaded), ${round(mib(held(after)))} MiB at rest after it.`,
      data: { growthBytes: growth, peakRssBytes: peakRss, held: { atRest, inFlight, after } },
    },
  ];
}
