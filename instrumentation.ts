/**
 * Runs once when a Next.js server starts (never while `next build` loads the app):
 * - a deployment marked APP_DEPLOYMENT=production refuses to serve while demo accounts exist,
 *   however it was started;
 * - the background job worker (daily emails, webhooks) starts in the Node.js runtime, unless
 *   WORKER_IN_APP=false (then `npm run worker`).
 */
export async function register(): Promise<void> {
  // Next.js's own variables say where this runs; the app's settings come from lib/env.ts.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("@/lib/env");
  if (env().APP_DEPLOYMENT === "production") {
    const { assertNoDemoAccountsInProduction } = await import("@/prisma/demo-guard");
    try {
      await assertNoDemoAccountsInProduction();
    } catch (error) {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    }
  }
  if (env().WORKER_IN_APP === "false") return;
  const { startInAppWorker } = await import("@/lib/jobs/in-app");
  startInAppWorker();
}
