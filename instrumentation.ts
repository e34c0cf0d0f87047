/**
 * Runs once when a Next.js server starts (never while `next build` loads the app):
 * - a deployment marked APP_DEPLOYMENT=production refuses to serve while demo accounts exist,
 *   however it was started;
 * - every setting is validated (lib/env.ts); any problem stops the server with one message;
 * - the background job worker (daily emails, webhooks) starts in the Node.js runtime when
 *   WORKER_IN_APP is on (the default, except with APP_DEPLOYMENT=production: then `npm run worker`).
 */
export async function register(): Promise<void> {
  // Next.js's own variables say where this runs; the app's settings come from lib/env.ts.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { readSettings } = await import("@/lib/env");
  let settings: ReturnType<typeof readSettings>;
  try {
    settings = readSettings();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  if (settings.APP_DEPLOYMENT === "production") {
    const { assertNoDemoAccountsInProduction } = await import("@/prisma/demo-guard");
    try {
      await assertNoDemoAccountsInProduction();
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
  }
  // SIGTERM: finish or release the current job, close the pool, exit within the deadline. Only
  // when Next.js leaves signals to the app (NEXT_MANUAL_SIG_HANDLE, set by npm start); a custom
  // server installs the same handlers itself.
  const timeoutMs = settings.SHUTDOWN_TIMEOUT_SECONDS * 1000;
  const { installSignalHandlers, onShutdown } = await import("@/lib/shutdown");
  const { closeDb } = await import("@/lib/db");
  onShutdown("database pool", () => closeDb());
  if (process.env.NEXT_MANUAL_SIG_HANDLE) installSignalHandlers({ name: "app", timeoutMs });
  if (!settings.WORKER_IN_APP) return;
  const { startInAppWorker } = await import("@/lib/jobs/in-app");
  startInAppWorker(Math.max(1000, timeoutMs - 2000));
}

/**
 * Every failed request: one that failed because the database is unreachable tells the page
 * gate (lib/http/database-gate.ts), so the following page requests get the 503 page.
 */
export async function onRequestError(error: unknown): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { noteDatabaseError } = await import("@/lib/http/database-gate");
  noteDatabaseError(error);
}
