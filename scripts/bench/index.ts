/**
 * `npm run bench [-- --quick] [-- --only <scenario>] [-- --fresh]`: the performance benchmark.
 *
 * Starts its own database (embedded PostgreSQL in .data/pg-bench, or a database named
 * ap_bench on the server of DATABASE_URL — never the app's own database), generates the data
 * once (kept for later runs of the same size; --fresh regenerates), builds the app when its
 * sources changed, serves it with scripts/server.ts, runs the scenarios, prints a table and writes
 * bench/results.json and (full runs of every scenario) docs/benchmarks.md.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";
import { ROOT, dropDatabase, ensureDatabaseExists, resolveDatabase } from "../lib/postgres";
import { migrateDeploy } from "../lib/prisma-cli";
import { renderMarkdown, renderTable, type Machine, type ResultRow, type RunReport } from "@/scripts/bench/lib/report";
import { round } from "@/scripts/bench/lib/stats";
import { BENCH_PASSWORD, FULL_SIZES, QUICK_SIZES, REGISTRAR_EMAIL, datasetKey, generateDataset, lookupIds, markDataset, storedDatasetKey } from "./dataset";
import { buildIfNeeded, startServer, type RunningServer } from "./server";
import { signIn } from "./http";
import type { Context } from "./context";

const SCENARIOS = ["txt-file", "csv-file", "lookup", "pdf", "web-service", "freshness", "dashboard", "ingest", "peak"] as const;
type ScenarioName = (typeof SCENARIOS)[number];
// Ingest run alone skips its admin API row (no server) and times the engine in-process.
const IN_PROCESS = new Set<ScenarioName>(["lookup", "pdf"]);

function parseArgs(argv: string[]): { quick: boolean; only: ScenarioName[] | null; fresh: boolean } {
  const quick = argv.includes("--quick");
  const fresh = argv.includes("--fresh");
  const at = argv.indexOf("--only");
  let only: ScenarioName[] | null = null;
  if (at >= 0) {
    // One scenario, or several separated by commas (--only ingest,peak).
    const names = (argv[at + 1] ?? "").split(",").filter(Boolean);
    const wrong = names.filter((name) => !(SCENARIOS as readonly string[]).includes(name));
    if (!names.length || wrong.length) {
      throw new Error(`--only needs one or more of (comma-separated): ${SCENARIOS.join(", ")}`);
    }
    only = names as ScenarioName[];
  }
  const unknown = argv.filter((a, i) => a.startsWith("--") && !["--quick", "--fresh", "--only"].includes(a) && argv[i - 1] !== "--only");
  if (unknown.length) throw new Error(`unknown option ${unknown.join(" ")} (use --quick, --only <scenario>, --fresh)`);
  return { quick, only, fresh };
}

const runStarted = performance.now();
function log(line: string): void {
  process.stdout.write(`[bench ${((performance.now() - runStarted) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function machine(client: pg.Client): Promise<Machine> {
  const { rows } = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /PRETTY_NAME="([^"]+)"/.exec(fs.readFileSync("/etc/os-release", "utf8"));
    if (pretty) osName = pretty[1]!;
  } catch {
    // keep the kernel name
  }
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    postgres: rows[0]?.v ?? "unknown",
    os: osName,
    loadAverage: os.loadavg(),
  };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const sizes = args.quick ? QUICK_SIZES : FULL_SIZES;
  const databaseName = args.quick ? "ap_bench_quick" : "ap_bench";
  const startedAt = new Date().toISOString();
  log(`${args.quick ? "quick" : "full"} run${args.only ? `, only ${args.only.join(", ")}` : ""}`);

  const server = await resolveDatabase({
    dataDir: ".data/pg-bench",
    port: Number(process.env.BENCH_PG_PORT ?? 54438),
    database: "postgres",
    // Loading millions of rows checkpoints less often with a larger WAL allowance; SSD costs
    // (random_page_cost 1.1) let big files stream through their ordered index (see explain.test.ts).
    flags: ["-c", "max_wal_size=4GB", "-c", "checkpoint_timeout=30min", "-c", "random_page_cost=1.1"],
  });
  const adminUrl = server.adminUrl;
  const databaseUrl = withDatabase(adminUrl, databaseName);
  let app: RunningServer | null = null;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const dataset: Record<string, number | string> = {};
  const results: ResultRow[] = [];
  try {
    const key = datasetKey(sizes);
    const stored = await storedDatasetKey(admin, databaseName);
    if (args.fresh || stored !== key) {
      log(stored ? "dataset differs from this run's sizes: regenerating" : "generating the benchmark dataset");
      await dropDatabase(adminUrl, databaseName);
      await ensureDatabaseExists(adminUrl, databaseName);
      migrateDeploy(databaseUrl, { quiet: true });
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const generated = await generateDataset(db, sizes, (l) => log(l));
        dataset["data generation"] = `${round(generated.seconds)} s`;
      } finally {
        await db.end();
      }
      await markDataset(admin, databaseName, key);
    } else {
      log("reusing the benchmark dataset from an earlier run (--fresh regenerates it)");
      dataset["data generation"] = "reused from an earlier run";
      migrateDeploy(databaseUrl, { quiet: true });
    }

    process.env.DATABASE_URL = databaseUrl;
    // The scenarios call lib code in-process too: keep its audit log lines out of the table.
    process.env.LOG_LEVEL ??= "warn";
    // The logger may already exist (lib modules the dataset imports load it): apply the level to it too.
    (await import("@/lib/logger")).logger.level = process.env.LOG_LEVEL;
    process.env.AUTH_SECRET ??= crypto.randomBytes(32).toString("base64url");
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const counts = await db.query<{ students: string; reports: string; versions: string; biggest: string; institutions: string }>(
        `SELECT (SELECT count(*) FROM student)::text AS students, (SELECT count(*) FROM score_report)::text AS reports,
                (SELECT count(*) FROM score_report_version)::text AS versions,
                (SELECT max(n) FROM (SELECT count(*) AS n FROM score_report GROUP BY organization_id) t)::text AS biggest,
                (SELECT count(*) FROM organization)::text AS institutions`,
      );
      const c = counts.rows[0]!;
      // The scenarios make more files and logins per hour than the app lets one person make:
      // each run starts with the benchmark database's rate-limit counters cleared.
      await db.query("DELETE FROM rate_limit");
      // Benchmark users own their addresses; datasets made before sign-up asked for a confirmed
      // address have them unconfirmed, which the file routes now refuse.
      await db.query("UPDATE app_user SET email_verified_at = now() WHERE email LIKE '%@bench.example.edu' AND email_verified_at IS NULL");
      Object.assign(dataset, {
        students: Number(c.students),
        "score reports (sends)": Number(c.reports),
        "report versions (with TXT record)": Number(c.versions),
        institutions: Number(c.institutions),
        "largest institution (reports)": Number(c.biggest),
        "file institution sizes": `${sizes.midFile.toLocaleString("en-US")} and ${sizes.bigFile.toLocaleString("en-US")} reports`,
        "web-service clients": sizes.clients,
      });
      log(
        `dataset: ${Object.entries(dataset)
          .map(([k, v]) => `${k} ${typeof v === "number" ? v.toLocaleString("en-US") : v}`)
          .join(", ")}`,
      );

      // Lookups and PDFs are timed in-process: run alone, they need no build or server.
      const needsServer = !args.only || args.only.some((name) => !IN_PROCESS.has(name));
      if (needsServer) {
        const buildSeconds = await buildIfNeeded(log);
        dataset["next build"] = buildSeconds ? `${round(buildSeconds)} s` : "up to date";
        app = await startServer(
          Number(process.env.BENCH_PORT ?? 3318),
          {
            DATABASE_URL: databaseUrl,
            AUTH_SECRET: process.env.AUTH_SECRET,
            AUTH_TRUST_HOST: "true",
            LOG_LEVEL: "warn",
            WORKER_IN_APP: "false",
            DB_POOL_SIZE: process.env.DB_POOL_SIZE ?? "20",
            // The web service's per-account limits (lib/env.ts) guard against runaway
            // scripts; a load test is one by design.
            WS_AUTH_LIMIT: "100000000",
            WS_GENERATION_LIMIT: "100000000",
          },
          log,
        );
      }

      const ctx: Context = {
        quick: args.quick,
        sizes,
        baseUrl: app?.baseUrl ?? "",
        serverPid: app?.serverPid ?? 0,
        serverHeldMemory: () => {
          if (!app) throw new Error("no server in this run");
          return app.heldMemory();
        },
        databaseUrl,
        db,
        ids: await lookupIds(db),
        registrarEmail: REGISTRAR_EMAIL,
        password: BENCH_PASSWORD,
        registrarCookie: app ? await signIn(app.baseUrl, REGISTRAR_EMAIL, BENCH_PASSWORD) : "",
        log,
      };
      const runners: Record<ScenarioName, () => Promise<ResultRow[]>> = {
        "txt-file": async () => (await import("./scenarios/files")).runFileScenario(ctx, "TXT"),
        "csv-file": async () => (await import("./scenarios/files")).runFileScenario(ctx, "CSV"),
        lookup: async () => (await import("./scenarios/lookup")).runLookupScenario(ctx),
        pdf: async () => (await import("./scenarios/pdf")).runPdfScenario(ctx),
        "web-service": async () => (await import("./scenarios/webservice")).runWebServiceScenario(ctx),
        freshness: async () => (await import("./scenarios/freshness")).runFreshnessScenario(ctx),
        dashboard: async () => (await import("./scenarios/dashboard")).runDashboardScenario(ctx),
        ingest: async () => (await import("./scenarios/ingest")).runIngestScenario(ctx),
        peak: async () => (await import("./scenarios/peak")).runPeakScenario(ctx),
      };
      for (const name of args.only ?? SCENARIOS) {
        log(`scenario ${name}…`);
        const t = performance.now();
        try {
          results.push(...(await runners[name]()));
        } catch (error) {
          results.push({
            scenario: name,
            metric: "(scenario failed)",
            value: "—",
            target: "—",
            verdict: "miss",
            note: error instanceof Error ? error.message.slice(0, 500) : String(error),
          });
        }
        log(`scenario ${name} done (${((performance.now() - t) / 1000).toFixed(1)} s)`);
      }
    } finally {
      await db.end();
    }

    const report: RunReport = {
      mode: args.quick ? "quick" : "full",
      only: args.only?.join(",") ?? null,
      startedAt,
      durationSeconds: (performance.now() - runStarted) / 1000,
      machine: await machine(admin),
      dataset,
      results,
    };
    process.stdout.write(`\n${renderTable(results)}`);
    const benchDir = path.join(ROOT, "bench");
    fs.mkdirSync(benchDir, { recursive: true });
    fs.writeFileSync(path.join(benchDir, "results.json"), `${JSON.stringify(report, null, 2)}\n`);
    // docs/benchmarks.md holds the last full run of every scenario; other runs stay local.
    const markdownPath = !args.quick && !args.only ? path.join(ROOT, "docs/benchmarks.md") : path.join(benchDir, "results.md");
    fs.mkdirSync(path.dirname(markdownPath), { recursive: true });
    fs.writeFileSync(markdownPath, renderMarkdown(report));
    log(`wrote bench/results.json and ${path.relative(ROOT, markdownPath)} (${Math.round(report.durationSeconds)} s in all)`);
    return results.some((r) => r.metric === "(scenario failed)") ? 1 : 0;
  } finally {
    await app?.stop().catch(() => {});
    const { closeDb } = await import("@/lib/db");
    await closeDb().catch(() => {});
    await admin.end().catch(() => {});
    await server.stop().catch(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[bench] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
