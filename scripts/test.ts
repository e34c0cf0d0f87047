/**
 * `npm test`: every test. Runs the guard-rails first (type check, lint, format, structure,
 * import boundaries, copy-paste: scripts/checks, each counted as one test), installs what a
 * fresh machine lacks (Debian's Chromium for Playwright, poppler-utils for reading PDFs),
 * starts PostgreSQL (TEST_DATABASE_ADMIN_URL, or an embedded server), builds the app, runs the
 * Vitest unit and integration tests (one of them runs the production build as two app instances
 * and a worker), runs the Playwright end-to-end tests against the production build, and ends
 * with one line: "N passed, N failed".
 *
 * Flags: --unit-only, --e2e-only (both skip the guard-rails), --no-checks; extra arguments
 * after "--" go to Playwright.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ROOT, dropDatabase, ensureDatabaseExists, startTestServer } from "./lib/postgres";
import { nextBuild } from "./lib/build";
import { migrateDeploy } from "./lib/prisma-cli";
import { runChecks } from "./checks";

const args = process.argv.slice(2);
const unitOnly = args.includes("--unit-only");
const e2eOnly = args.includes("--e2e-only");
const withChecks = !unitOnly && !e2eOnly && !args.includes("--no-checks");
const passthrough = args.includes("--") ? args.slice(args.indexOf("--") + 1) : [];
const resultsDir = path.join(ROOT, "test-results");

function say(message: string): void {
  process.stdout.write(`[test] ${message}\n`);
}

function aptInstall(packages: string[]): void {
  say(`installing ${packages.join(", ")} from Debian's packages (first run on this machine)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
  const install = spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { stdio: "inherit", env });
  if (update.status !== 0 || install.status !== 0) throw new Error(`apt-get install ${packages.join(" ")} failed`);
}

function ensureSystemTools(needBrowser: boolean): void {
  const missing: string[] = [];
  if (needBrowser && !fs.existsSync("/usr/bin/chromium")) missing.push("chromium");
  if (!fs.existsSync("/usr/bin/pdftotext")) missing.push("poppler-utils");
  if (missing.length) aptInstall(missing);
}

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: ROOT, stdio: "inherit", env });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

async function runUnit(adminUrl: string): Promise<Counts> {
  const out = path.join(resultsDir, "vitest.json");
  fs.rmSync(out, { force: true });
  const code = await run(
    process.execPath,
    [path.join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`],
    {
      ...process.env,
      TEST_DATABASE_ADMIN_URL: adminUrl,
    },
  );
  const report = readJson<{
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults?: Array<{ status: string; assertionResults: unknown[] }>;
  }>(out);
  if (!report) return { passed: 0, failed: code === 0 ? 0 : 1, skipped: 0 };
  // A test file that fails outside any test (e.g. it fails to import) counts as one failure
  // each, and a non-zero exit with nothing else failed still counts as one.
  const brokenFiles = (report.testResults ?? []).filter((r) => r.status === "failed" && r.assertionResults.length === 0).length;
  const failed = report.numFailedTests + brokenFiles + (code !== 0 && report.numFailedTests + brokenFiles === 0 ? 1 : 0);
  return { passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests };
}

async function runE2e(adminUrl: string): Promise<Counts> {
  const database = "ap_e2e";
  await dropDatabase(adminUrl, database);
  await ensureDatabaseExists(adminUrl, database);
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  migrateDeploy(databaseUrl, { quiet: true });

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-e2e-secret-e2e-secret-0123456789",
    AUTH_TRUST_HOST: "true",
    APP_DEPLOYMENT: "test",
  };
  say("loading demo data into the end-to-end database…");
  if ((await run(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "prisma/seed.ts"], env)) !== 0) {
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const out = path.join(resultsDir, "playwright.json");
  fs.rmSync(out, { force: true });
  const code = await run(process.execPath, [path.join(ROOT, "node_modules/@playwright/test/cli.js"), "test", ...passthrough], {
    ...env,
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  });
  const report = readJson<{ stats: { expected: number; unexpected: number; flaky: number; skipped: number } }>(out);
  if (!report) return { passed: 0, failed: 1, skipped: 0 };
  const failed = report.stats.unexpected + (code !== 0 && report.stats.unexpected === 0 ? 1 : 0);
  return { passed: report.stats.expected + report.stats.flaky, failed, skipped: report.stats.skipped };
}

async function main(): Promise<number> {
  fs.mkdirSync(resultsDir, { recursive: true });
  const totals: Counts = { passed: 0, failed: 0, skipped: 0 };
  const add = (c: Counts) => {
    totals.passed += c.passed;
    totals.failed += c.failed;
    totals.skipped += c.skipped;
  };
  if (withChecks) {
    const checks = await runChecks(say);
    const counts = {
      passed: checks.filter((c) => c.ok === true).length,
      failed: checks.filter((c) => c.ok === false).length,
      skipped: checks.filter((c) => c.ok === null).length,
    };
    say(`guard-rails: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${checks.reduce((s, c) => s + c.seconds, 0).toFixed(1)} s)`);
    add(counts);
  }
  ensureSystemTools(!unitOnly);
  const { adminUrl, stop } = await startTestServer();
  try {
    // One production build, before the unit stage: its production-deployment check
    // (scripts/production-deployment.test.ts) runs it too, and would otherwise build it itself.
    let built = true;
    if (!unitOnly) {
      say("building the app (production build for the deployment check and the end-to-end tests)…");
      built = (await nextBuild((args) => run(process.execPath, args, { ...process.env, NODE_ENV: "production" }))) === 0;
      if (!built) add({ passed: 0, failed: 1, skipped: 0 });
    }
    if (!e2eOnly) {
      const unit = await runUnit(adminUrl);
      say(`unit and integration: ${unit.passed} passed, ${unit.failed} failed`);
      add(unit);
    }
    if (!unitOnly && built) {
      const e2e = await runE2e(adminUrl);
      say(`end-to-end: ${e2e.passed} passed, ${e2e.failed} failed`);
      add(e2e);
    }
  } finally {
    await stop().catch(() => {});
  }
  process.stdout.write(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}\n`);
  return totals.failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`[test] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.stdout.write("0 passed, 1 failed\n");
    process.exit(1);
  },
);
