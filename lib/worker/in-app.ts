import { logger } from "@/lib/logger";
import { startWorker } from "@/lib/worker/worker";
import { isShuttingDown, onShutdown } from "@/lib/shutdown";

const RETRY_MS = 30_000;
const g = globalThis as unknown as { __apInAppWorker?: boolean };

/**
 * The worker inside the web server (the default; WORKER_IN_APP=false runs it separately with
 * `npm run worker`). Started in the background so the server answers requests at once; a
 * database that is not reachable yet is retried rather than crashing the app.
 */
export function startInAppWorker(stopTimeoutMs = 10_000): void {
  if (g.__apInAppWorker) return;
  g.__apInAppWorker = true;
  const attempt = () => {
    if (isShuttingDown()) return;
    startWorker().then(
      (worker) => void onShutdown("job worker", () => worker.stop(stopTimeoutMs)),
      (error: unknown) => {
        logger.error({ err: error }, `job worker could not start; retrying in ${RETRY_MS / 1000} s`);
        setTimeout(attempt, RETRY_MS).unref();
      },
    );
  };
  attempt();
}
