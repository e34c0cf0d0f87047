/**
 * Scenarios 1 and 2: a full TXT / CSV file at one institution, downloaded from the production
 * server, beside `psql` running COPY of the identical query; and the server's memory while it
 * streams a file of 10,000 and of 100,000 reports.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { type BulkFormat, fileRowsQuery } from "@/lib/bulk/definition";
import { loadBulkFile } from "@/lib/bulk/queries";
import { createBulkFile } from "@/lib/bulk/mutations";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { mib, round, summarize } from "@/scripts/bench/lib/stats";
import type { ResultRow } from "@/scripts/bench/lib/report";
import { inlineParameters } from "@/lib/pg-copy";
import { ROOT } from "../../lib/postgres";
import { download, findString, postJson, routeExists } from "../http";
import { rssBytes, sampleRss } from "../server";
import type { Context } from "../context";
import { BIG_CODE, MID_CODE } from "../dataset";

interface Timed {
  ms: number;
  /** Of which: the request that creates the file (0 when the engine runs alone). */
  createMs: number;
  bytes: number;
  peakRss: number;
  baselineRss: number;
}

/** The floor: psql streaming COPY of the same rows to a pipe that is read and discarded. */
export function psqlCopy(databaseUrl: string, sql: string, format: BulkFormat): Promise<{ ms: number; bytes: number }> {
  // The rows are stored rendered (TXT lines, CSV rows): COPY sends them as they are.
  void format;
  const copy = `COPY (${sql}) TO STDOUT`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", databaseUrl, "-c", copy], { stdio: ["ignore", "pipe", "pipe"] });
    let bytes = 0;
    let err = "";
    child.stdout.on("data", (d: Buffer) => (bytes += d.length));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve({ ms: performance.now() - started, bytes }) : reject(new Error(`psql failed: ${err}`))));
  });
}

type Channel = "portal" | "web-service" | "engine";

/** Which way of getting a file the benchmark server answers (the portal route, else the web service, else in-process). */
async function detectChannel(ctx: Context): Promise<Channel> {
  if (await routeExists(`${ctx.baseUrl}/api/bulk/files`, "POST", { cookie: ctx.registrarCookie, origin: ctx.baseUrl })) return "portal";
  if (await routeExists(`${ctx.baseUrl}/aposrd-api-prod/fileGeneration`, "POST")) return "web-service";
  return "engine";
}

/** Creates a full file through the portal route and returns its download URL and id. */
async function createViaPortal(ctx: Context, organizationId: string, format: BulkFormat): Promise<{ url: string; id: string }> {
  const res = await postJson(
    `${ctx.baseUrl}/api/bulk/files`,
    { institutionId: organizationId, type: "FULL", format },
    { cookie: ctx.registrarCookie, origin: ctx.baseUrl },
  );
  if (res.status >= 300) throw new Error(`POST /api/bulk/files: HTTP ${res.status} ${JSON.stringify(res.json)}`);
  const id = findString(res.json, ["id", "fileId", "downloadId"]);
  const url = findString(res.json, ["downloadUrl", "url", "href"]) ?? (id ? `/api/bulk/files/${id}` : null);
  if (!url || !id) throw new Error(`POST /api/bulk/files answered without a download URL: ${JSON.stringify(res.json)}`);
  return { url: new URL(url, ctx.baseUrl).toString(), id };
}

const WS_HEADERS = { "X-CB-Catapult-Authentication-Token": "CBLogin Web Service" };

async function createViaWebService(ctx: Context, diCode: string, format: BulkFormat): Promise<{ url: string; id: string; headers: Record<string, string> }> {
  const auth = await postJson(
    `${ctx.baseUrl}/aposrd-api-prod/webServiceAuth`,
    { u: ctx.registrarEmail, p: Buffer.from(ctx.password).toString("base64") },
    {
      ...WS_HEADERS,
      "X-CB-Catapult-Authorization-Token": "CBLogin",
    },
  );
  const token = findString(auth.json, ["authToken"]);
  if (!token) throw new Error(`webServiceAuth failed: ${JSON.stringify(auth.json)}`);
  const headers = { ...WS_HEADERS, "X-CB-Catapult-Authorization-Token": token };
  const gen = await postJson(`${ctx.baseUrl}/aposrd-api-prod/fileGeneration`, { diCode, format, downloadType: "full" }, headers);
  const url = findString(gen.json, ["url"]);
  const id = findString(gen.json, ["downloadId"]);
  if (!url || !id) throw new Error(`fileGeneration failed: ${JSON.stringify(gen.json)}`);
  return { url: new URL(url, ctx.baseUrl).toString(), id, headers };
}

/**
 * Without file routes on this build, the same engine (lib/bulk/stream.ts) runs in a separate
 * Node process that streams to a pipe: the time and that process's memory are measured.
 */
async function downloadViaEngine(ctx: Context, fileId: string): Promise<Timed> {
  // tsx as a loader (not its CLI, which forks): the pid sampled is the process that streams.
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/bench/file-engine.ts"), fileId], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: ctx.databaseUrl, NODE_ENV: "production", LOG_LEVEL: "warn" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      if (d.toString().includes("ready")) {
        child.stderr.off("data", onData);
        resolve();
      }
    };
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`file engine exited (${code}): ${err}`)));
  });
  const sampler = sampleRss(child.pid!);
  const started = performance.now();
  let bytes = 0;
  child.stdout.on("data", (d: Buffer) => (bytes += d.length));
  const done = new Promise<void>((resolve, reject) => child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`file engine failed: ${err}`)))));
  child.stdin.end("go\n");
  await new Promise<void>((resolve) => child.stdout.on("end", resolve));
  const ms = performance.now() - started;
  const peakRss = sampler.stop();
  await done;
  return { ms, createMs: 0, bytes, peakRss, baselineRss: sampler.baseline };
}

async function createFileRecord(ctx: Context, organizationId: string, diCode: string, format: BulkFormat): Promise<string> {
  const result = await createBulkFile({
    userId: ctx.ids.registrarId,
    institution: { id: organizationId as AuthorizedOrganizationId, diCode, name: diCode },
    channel: "PORTAL",
    type: "FULL",
    format,
    withoutBase: "refuse",
    refuseEmpty: false,
  });
  if (!result.ok) throw new Error(result.message);
  return result.file.id;
}

interface Measured {
  app: Timed[];
  floor: Array<{ ms: number; bytes: number }>;
  records: number;
}

async function measure(ctx: Context, channel: Channel, organizationId: string, diCode: string, format: BulkFormat, reps: number): Promise<Measured> {
  const app: Timed[] = [];
  const floor: Array<{ ms: number; bytes: number }> = [];
  let records = 0;
  for (let i = 0; i < reps; i++) {
    let fileId: string;
    let timed: Timed;
    if (channel === "engine") {
      fileId = await createFileRecord(ctx, organizationId, diCode, format);
      timed = await downloadViaEngine(ctx, fileId);
    } else {
      // The request that creates the file is part of the download's wall time.
      const started = performance.now();
      const created = channel === "portal" ? await createViaPortal(ctx, organizationId, format) : await createViaWebService(ctx, diCode, format);
      fileId = created.id;
      const createMs = performance.now() - started;
      const headers: Record<string, string> = "headers" in created ? (created.headers as Record<string, string>) : { cookie: ctx.registrarCookie };
      const sampler = sampleRss(ctx.serverPid);
      const got = await download(created.url, headers);
      const peakRss = sampler.stop();
      if (got.status !== 200) throw new Error(`download ${created.url}: HTTP ${got.status}`);
      timed = { ms: performance.now() - started, createMs, bytes: got.bytes, peakRss, baselineRss: sampler.baseline };
    }
    const file = await loadBulkFile(fileId);
    if (!file) throw new Error(`bulk file ${fileId} not found`);
    records = file.recordCount;
    const query = fileRowsQuery(file.definition, format);
    floor.push(await psqlCopy(ctx.databaseUrl, inlineParameters(query.text, query.values), format));
    app.push(timed);
  }
  return { app, floor, records };
}

export async function runFileScenario(ctx: Context, format: BulkFormat): Promise<ResultRow[]> {
  const scenario = format === "TXT" ? "txt-file" : "csv-file";
  const channel = await detectChannel(ctx);
  const reps = ctx.quick ? 3 : 3;
  const viaNote =
    channel === "engine"
      ? "No file-download route on this build (app/api/bulk/* and app/aposrd-api-prod/* not merged yet): the bulk engine (lib/bulk/stream.ts) streamed the file in its own Node process to a pipe; time and memory are that process's."
      : channel === "web-service"
        ? "Downloaded through the web service (fileGeneration + GET); wall time includes authentication-free generation and the download."
        : undefined;
  const rows: ResultRow[] = [];
  const sizes: Array<[string, string, number]> = [
    [ctx.ids.midId, MID_CODE, ctx.sizes.midFile],
    [ctx.ids.bigId, BIG_CODE, ctx.sizes.bigFile],
  ];
  const growth: number[] = [];
  for (const [orgId, code, expected] of sizes) {
    ctx.log(`${scenario}: ${expected.toLocaleString("en-US")} reports via ${channel}`);
    const m = await measure(ctx, channel, orgId, code, format, expected === ctx.sizes.bigFile ? reps : 2);
    if (m.records !== expected) throw new Error(`${scenario}: expected ${expected} records, the file has ${m.records}`);
    const appMs = summarize(m.app.map((t) => t.ms)).p50;
    const floorMs = summarize(m.floor.map((t) => t.ms)).p50;
    const grow = Math.max(...m.app.map((t) => t.peakRss - t.baselineRss));
    growth.push(grow);
    const peak = Math.max(...m.app.map((t) => t.peakRss));
    if (expected === ctx.sizes.bigFile) {
      const ratio = appMs / floorMs;
      rows.push({
        scenario,
        metric: `wall time, ${expected.toLocaleString("en-US")} reports (median of ${m.app.length})`,
        value: `${round(appMs / 1000)} s (${channel === "engine" ? "" : `create ${round(summarize(m.app.map((t) => t.createMs)).p50)} ms + download; `}${round(mib(m.app[0]!.bytes))} MiB, ${round(m.records / (appMs / 1000))} records/s)`,
        floor: `${round(floorMs / 1000)} s psql COPY`,
        target: "ratio ≤ 1.3",
        verdict: ratio <= 1.3 ? "pass" : "miss",
        ...(ratio > 1.3
          ? {
              note: `ratio ${round(ratio)} (${round((ratio / 1.3 - 1) * 100)} % over the target).${format === "CSV" ? " CSV rows are cut from the stored TXT lines in Node (txtLineToCsvRow) while COPY only quotes them." : ""} ${viaNote ?? ""}`.trim(),
            }
          : viaNote
            ? { note: viaNote }
            : {}),
        data: {
          appMs: m.app.map((t) => t.ms),
          createMs: m.app.map((t) => t.createMs),
          floorMs: m.floor.map((t) => t.ms),
          bytes: m.app[0]!.bytes,
          floorBytes: m.floor[0]!.bytes,
          ratio,
          channel,
        },
      });
      rows.push({ scenario, metric: "ratio to floor", value: `${round(ratio)}`, target: "≤ 1.3", verdict: ratio <= 1.3 ? "pass" : "miss" });
    }
    rows.push({
      scenario,
      metric: `server memory growth, ${expected.toLocaleString("en-US")} reports`,
      value: `${round(mib(grow))} MiB (peak RSS ${round(mib(peak))} MiB)`,
      target: "< 100 MB",
      verdict: grow < 100 * 1024 * 1024 ? "pass" : "miss",
      data: { growthBytes: grow, peakRssBytes: peak, serverRssNow: channel === "engine" ? null : rssBytes(ctx.serverPid) },
    });
  }
  return rows;
}
