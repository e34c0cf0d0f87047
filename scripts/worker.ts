/**
 * `npm run worker`: the background job worker on its own (daily notification emails, webhook
 * deliveries, the sweeper), for deployments that set WORKER_IN_APP=false on the web servers.
 * Any number may run against one database: each email and event is still sent once.
 * SIGTERM stops it gracefully within SHUTDOWN_TIMEOUT_SECONDS (lib/shutdown.ts).
 * Uses DATABASE_URL, or else the embedded database a local `npm start` runs; AUTH_SECRET
 * (which decrypts webhook secrets) comes from the environment or the local .data folder.
 */
import { startWorker } from "@/lib/worker/worker";
import { closeDb } from "@/lib/db";
import { installSignalHandlers, onShutdown } from "@/lib/shutdown";
import { loadAndCheckSettings } from "@/lib/env";
import { ensureAuthSecret } from "./lib/secrets";

async function main(): Promise<void> {
  const settings = loadAndCheckSettings("worker");
  ensureAuthSecret();
  if (!process.env.DATABASE_URL) {
    process.env.DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${settings.EMBEDDED_PG_PORT}/ap_score_reports`;
    process.stdout.write("[worker] DATABASE_URL not set: using the embedded database of `npm start`\n");
  }
  const worker = await startWorker();
  const timeoutMs = settings.SHUTDOWN_TIMEOUT_SECONDS * 1000;
  // Last registered runs first: jobs stop (the current one finishes or is released), then the pool closes.
  onShutdown("database pool", () => closeDb());
  onShutdown("job worker", () => worker.stop(Math.max(1000, timeoutMs - 2000)));
  installSignalHandlers({ name: "worker", timeoutMs });
  process.stdout.write("[worker] started; Ctrl+C to stop\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`[worker] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
