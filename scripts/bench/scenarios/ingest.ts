/**
 * Scenario `ingest`: release day. 100,000 reports (quick: 10,000) to 200 institutions in
 * batches of 1,000 through releaseScoreReports() — the engine behind the admin API, the TXT
 * upload and the seed — one in ten an update of a student released earlier in the run.
 *
 * Its floor is COPY of the same final rows (students, exams, awards, reports, versions) into
 * the same tables, with their indexes, in the same run: inside one transaction the run's rows
 * are copied out to a temporary file, deleted, COPYed back in (timed), and the transaction is
 * rolled back, leaving the engine's rows as they were.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { sampleRecords } from "@/prisma/factories/records";
import { releaseScoreReports } from "@/lib/reports/release";
import { MAX_BATCH, ReleaseInputSchema, recordToReleaseInput, type ReleaseInput } from "@/lib/reports/schema";
import { mib, round, summarize } from "@/scripts/bench/lib/stats";
import type { ResultRow } from "@/scripts/bench/lib/report";
import { postJson } from "../http";
import type { Context } from "../context";
import { BENCH_ADMIN_TOKEN } from "../dataset";
import { ensureBase, nextNewFile, timeToNewFile } from "./freshness";

const INSTITUTIONS = 200;
const ingestCode = (i: number) => String(800_000 + i);
const UPDATE_SHARE = 0.1;

/** A full garbage collection (the flag is set at run time, so `npm run bench` needs no node option). */
let gc: (() => void) | undefined;
function collectGarbage(): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  gc();
}

function liveBytes(): number {
  collectGarbage();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

async function ensureInstitutions(db: pg.Client): Promise<string[]> {
  const codes = Array.from({ length: INSTITUTIONS }, (_, i) => ingestCode(i));
  await db.query(
    `INSERT INTO organization (id, kind, code, name, address_lines, city, state, zip, updated_at)
     SELECT gen_random_uuid(), 'COLLEGE', c, 'Ingest College ' || c, '{}', 'Ingest City', 'NY', '10001', now() FROM unnest($1::text[]) AS c
     ON CONFLICT DO NOTHING`,
    [codes],
  );
  return codes;
}

/** Batch `b` of the run: new students, except one in ten re-sent from an earlier batch. */
function batchInputs(run: string, b: number, codes: string[]): ReleaseInput[] {
  const records = sampleRecords(MAX_BATCH, 70_000 + b, { reportYear: 2026 });
  const updates = b === 0 ? 0 : Math.round(MAX_BATCH * UPDATE_SHARE);
  return records.map((record, i) => {
    // An update re-sends a student of the previous batch to the same institution with a new score.
    const n = i < updates ? (b - 1) * MAX_BATCH + i + updates : b * MAX_BATCH + i;
    record.apId = `${run}${n.toString(36).toUpperCase().padStart(6, "0")}`;
    if (i < updates) record.exams = [{ adminYear: 2026, examCode: "66", score: 5, irregularityCodes: [], suppression: "", classSection: "" }];
    return ReleaseInputSchema.parse(recordToReleaseInput(record, codes[n % codes.length]!));
  });
}

/** COPY of the run's final rows back into the same tables, timed, then rolled back. */
async function copyFloor(ctx: Context, apIds: string[]): Promise<number> {
  const client = new pg.Client({ connectionString: ctx.databaseUrl });
  await client.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-ingest-"));
  const students = "SELECT s.id FROM student s JOIN ingest_run r ON r.ap_id = s.ap_id";
  const tables: Array<[string, string]> = [
    ["student", "SELECT s.* FROM student s JOIN ingest_run r ON r.ap_id = s.ap_id"],
    ["exam", `SELECT * FROM exam WHERE student_id IN (${students})`],
    ["student_award", `SELECT * FROM student_award WHERE student_id IN (${students})`],
    ["score_report", `SELECT * FROM score_report WHERE student_id IN (${students})`],
    ["score_report_version", `SELECT v.* FROM score_report_version v JOIN score_report r ON r.id = v.report_id WHERE r.student_id IN (${students})`],
  ];
  try {
    await client.query("BEGIN");
    await client.query("CREATE TEMP TABLE ingest_run (ap_id text PRIMARY KEY) ON COMMIT DROP");
    await client.query("INSERT INTO ingest_run SELECT unnest($1::text[])", [apIds]);
    for (const [table, select] of tables) {
      await pipeline(client.query(copyTo(`COPY (${select}) TO STDOUT`)), fs.createWriteStream(path.join(dir, table)));
    }
    // Cascades to exams, awards, reports and versions.
    await client.query("DELETE FROM student s USING ingest_run r WHERE r.ap_id = s.ap_id");
    const started = performance.now();
    for (const [table] of tables) {
      await pipeline(fs.createReadStream(path.join(dir, table)), client.query(copyFrom(`COPY ${table} FROM STDIN`)));
    }
    const seconds = (performance.now() - started) / 1000;
    await client.query("ROLLBACK");
    return seconds;
  } finally {
    await client.end();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function runIngestScenario(ctx: Context): Promise<ResultRow[]> {
  const total = ctx.quick ? 10_000 : 100_000;
  const batches = total / MAX_BATCH;
  const codes = await ensureInstitutions(ctx.db);
  // Two letters per run keep each run's students apart from earlier runs' (AP IDs are 8 characters).
  const run = `Z${crypto.randomBytes(1).toString("hex").toUpperCase().slice(0, 1)}`;
  const apIds = new Set<string>();
  let engineSeconds = 0;
  const perBatch: number[] = [];
  // The engine runs in this process: its resident set after each batch shows whether memory
  // grows with the number of batches (it must not: each batch is dropped once released).
  const rssAfter: number[] = [];
  // What the process still holds after each batch: the live heap and buffers after a full
  // collection. RSS also counts garbage not yet collected (V8 grows its heap before it
  // collects), so it is reported beside, not judged.
  const liveAfter: number[] = [];
  for (let b = 0; b < batches; b++) {
    const inputs = batchInputs(run, b, codes);
    for (const input of inputs) apIds.add(input.student.apId);
    const started = performance.now();
    await releaseScoreReports(inputs);
    const ms = performance.now() - started;
    perBatch.push(ms);
    rssAfter.push(process.memoryUsage().rss);
    liveAfter.push(liveBytes());
    engineSeconds += ms / 1000;
    if ((b + 1) % 10 === 0) ctx.log(`ingest: ${((b + 1) * MAX_BATCH).toLocaleString("en-US")} reports released`);
  }
  const floorSeconds = await copyFloor(ctx, [...apIds]);
  const ratio = engineSeconds / floorSeconds;
  const rows: ResultRow[] = [
    {
      scenario: "ingest",
      metric: `engine: ${total.toLocaleString("en-US")} reports to ${INSTITUTIONS} institutions in batches of 1,000 (10 % updates)`,
      value: `${Math.round(total / engineSeconds).toLocaleString("en-US")} reports/s (${round(engineSeconds)} s)`,
      target: "—",
      verdict: "info",
      data: { perBatchMs: perBatch },
    },
    {
      scenario: "ingest",
      metric: "engine time / COPY of the same final rows into the same tables",
      value: `${round(ratio, 2)}× (engine ${round(engineSeconds)} s)`,
      floor: `${round(floorSeconds)} s COPY (${Math.round(total / floorSeconds).toLocaleString("en-US")} reports/s)`,
      target: "≤ 3×",
      verdict: ratio <= 3 ? "pass" : "miss",
    },
  ];

  // Memory from the end of the first fifth of the run (the first batches load code and warm
  // caches) to its end.
  const warm = Math.max(2, Math.floor(batches / 5));
  const growthFrom = (samples: number[]) => Math.max(0, Math.max(...samples.slice(warm)) - samples[warm - 1]!);
  const liveGrowth = growthFrom(liveAfter);
  const rssGrowth = growthFrom(rssAfter);
  rows.push({
    scenario: "ingest",
    metric: `engine process memory held after batch ${warm} → batch ${batches} (live heap and buffers after a full collection): growth`,
    value: `${round(mib(liveGrowth))} MiB (${round(mib(liveAfter[warm - 1]!))} → peak ${round(mib(liveAfter[warm - 1]! + liveGrowth))} MiB); RSS grew ${round(mib(rssGrowth))} MiB (peak ${round(mib(Math.max(...rssAfter)))} MiB)`,
    target: "< 100 MB",
    verdict: liveGrowth < 100 * 1024 * 1024 ? "pass" : "miss",
    data: { liveAfterBatch: liveAfter, rssAfterBatch: rssAfter },
  });

  if (ctx.baseUrl) {
    // The admin API end to end (HTTP, JSON parse, validation, the same engine), a few batches.
    const apiBatches = ctx.quick ? 3 : 10;
    let apiSeconds = 0;
    for (let b = 0; b < apiBatches; b++) {
      const inputs = batchInputs(`${run.slice(0, 1)}Y`, b, codes);
      const res = await postJson(`${ctx.baseUrl}/api/admin/score-reports`, { reports: inputs }, { authorization: `Bearer ${BENCH_ADMIN_TOKEN}` });
      if (res.status !== 201 && res.status !== 200) throw new Error(`admin API release: HTTP ${res.status} ${JSON.stringify(res.json).slice(0, 300)}`);
      apiSeconds += res.ms / 1000;
    }
    const apiRate = (apiBatches * MAX_BATCH) / apiSeconds;
    rows.push({
      scenario: "ingest",
      metric: `admin API end to end (${apiBatches} batches of 1,000): reports/s, and share of the engine's rate`,
      value: `${Math.round(apiRate).toLocaleString("en-US")} reports/s (${Math.round((apiRate / (total / engineSeconds)) * 100)} %)`,
      target: "—",
      verdict: "info",
    });
  }
  if (ctx.baseUrl) {
    // Freshness while the engine releases: one report at a time through the admin API, timed to
    // the registrar's next "new" file, while more batches of 1,000 go through the engine.
    await ensureBase(ctx);
    await nextNewFile(ctx);
    const busyBatches = ctx.quick ? 5 : 20;
    let releasing = true;
    const ingesting = (async () => {
      for (let b = 0; b < busyBatches; b++) await releaseScoreReports(batchInputs(`${run.slice(0, 1)}X`, b, codes));
    })().finally(() => (releasing = false));
    const times: number[] = [];
    while (releasing || times.length < 3) times.push(await timeToNewFile(ctx));
    await ingesting;
    const s = summarize(times);
    rows.push({
      scenario: "ingest",
      metric: `freshness while ${busyBatches} batches of 1,000 are released: release → next new file, p50 / max (${times.length} releases)`,
      value: `${round(s.p50)} / ${round(s.max)} ms`,
      target: "< 1 s",
      verdict: s.max < 1000 ? "pass" : "miss",
      data: { times },
    });
  }
  return rows;
}
