import { logger } from "@/lib/logger";

/**
 * Graceful stop on SIGTERM/SIGINT for every process (web server, worker): parts of the process
 * register what they must do to stop cleanly (stop taking jobs and finish or release the
 * current one, close the database pool), and the first signal runs those steps — last
 * registered first — within SHUTDOWN_TIMEOUT_SECONDS, then exits. A second signal, or the
 * deadline, exits at once: a stuck step never keeps a deploy waiting.
 *
 * Kept on globalThis because Next.js bundles instrumentation and route handlers separately.
 * A custom HTTP server attaches by calling `installSignalHandlers` once (after registering
 * "close the HTTP server" with `onShutdown`), or `shutdown()` from its own signal handling.
 */
interface Step {
  name: string;
  run: () => Promise<void> | void;
}

const g = globalThis as unknown as { __apShutdownSteps?: Step[]; __apShutdown?: Promise<ShutdownResult>; __apSignalsInstalled?: boolean };

export interface ShutdownResult {
  /** Steps that did not finish before the deadline. */
  unfinished: string[];
  failed: string[];
}

/** Registers a step to run on shutdown; returns a function that unregisters it. */
export function onShutdown(name: string, run: Step["run"]): () => void {
  const step = { name, run };
  (g.__apShutdownSteps ??= []).push(step);
  return () => {
    g.__apShutdownSteps = (g.__apShutdownSteps ?? []).filter((s) => s !== step);
  };
}

export function isShuttingDown(): boolean {
  return g.__apShutdown !== undefined;
}

/** Runs every registered step once (later calls get the same result), bounded by `timeoutMs`. */
export function shutdown(timeoutMs: number): Promise<ShutdownResult> {
  g.__apShutdown ??= (async () => {
    const result: ShutdownResult = { unfinished: [], failed: [] };
    const deadline = Date.now() + timeoutMs;
    for (const step of [...(g.__apShutdownSteps ?? [])].reverse()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        result.unfinished.push(step.name);
        continue;
      }
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        Promise.resolve()
          .then(step.run)
          .then(() => "done" as const)
          .catch((error: unknown) => {
            logger.error({ err: error, step: step.name }, "shutdown step failed");
            return "failed" as const;
          }),
        new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), left))),
      ]);
      clearTimeout(timer);
      if (outcome === "late") result.unfinished.push(step.name);
      if (outcome === "failed") result.failed.push(step.name);
    }
    return result;
  })();
  return g.__apShutdown;
}

/**
 * SIGTERM and SIGINT run `shutdown` and exit: 0 when every step finished, 1 otherwise.
 * Installed once per process.
 */
export function installSignalHandlers(options: { name: string; timeoutMs: number; exit?: (code: number) => void }): void {
  if (g.__apSignalsInstalled) return;
  g.__apSignalsInstalled = true;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const say = (message: string) => process.stdout.write(`[${options.name}] ${message}\n`);
  const handle = (signal: NodeJS.Signals) => {
    if (isShuttingDown()) {
      say(`${signal} again: exiting now`);
      exit(1);
      return;
    }
    say(`${signal}: stopping (at most ${Math.round(options.timeoutMs / 1000)} s)…`);
    void shutdown(options.timeoutMs).then((result) => {
      if (result.unfinished.length || result.failed.length)
        say(`stopped; unfinished: ${result.unfinished.join(", ") || "none"}; failed: ${result.failed.join(", ") || "none"}`);
      else say("stopped cleanly");
      exit(result.unfinished.length || result.failed.length ? 1 : 0);
    });
  };
  process.on("SIGTERM", handle);
  process.on("SIGINT", handle);
}
