/**
 * Runs once when a Next.js server starts: starts the background job worker (daily emails,
 * webhooks) in the Node.js runtime, unless WORKER_IN_APP=false (then `npm run worker`), and
 * never while `next build` loads the app.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  if (process.env.WORKER_IN_APP === "false") return;
  const { startInAppWorker } = await import("@/lib/jobs/in-app");
  startInAppWorker();
}
