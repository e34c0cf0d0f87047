/**
 * `npm run worker`: the background job worker on its own (daily notification emails, webhook
 * deliveries, the sweeper), for deployments that set WORKER_IN_APP=false on the web servers.
 * Any number may run against one database: each email and event is still sent once.
 * Uses DATABASE_URL, or else the embedded database a local `npm start` runs; AUTH_SECRET
 * (which decrypts webhook secrets) comes from the environment or the local .data folder.
 */
import { startWorker } from "@/lib/jobs/worker";
import { closeDb } from "@/lib/db";
import { logger } from "@/lib/logger";
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
  process.stdout.write("[worker] started; Ctrl+C to stop\n");
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write("[worker] stopping (finishing jobs in progress)…\n");
    await worker.stop().catch((error: unknown) => logger.error({ err: error }, "worker stop failed"));
    await closeDb().catch(() => {});
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`[worker] ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
