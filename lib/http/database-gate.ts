import { pool } from "@/lib/db";
import { readSettings } from "@/lib/env";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/unavailable";
import { logger } from "@/lib/logger";

/**
 * Pages for browsers while the database is away: proxy.ts asks `pagesMayQueryDatabase()`
 * before rendering a page and, when it says no, answers the friendly 503 page below (with
 * Retry-After) instead of letting the page fail into a generic 500. APIs answer their own
 * JSON 503 (lib/http/route.ts).
 *
 * What it knows comes from two places: a page or route that failed because the database is
 * unreachable (instrumentation's onRequestError calls `noteDatabaseError`), and a `SELECT 1`
 * probe. While the database is up nothing waits: a probe runs in the background at most every
 * HEALTHY_RECHECK_MS. While it is down, a page request waits for one bounded probe (at most one
 * per DOWN_RECHECK_MS, shared by concurrent requests), so pages come back as soon as it does.
 * Kept on globalThis: Next.js bundles the proxy and the route handlers separately.
 */
const HEALTHY_RECHECK_MS = 5_000;
const DOWN_RECHECK_MS = 1_000;
const PROBE_TIMEOUT_MS = 2_000;

interface GateState {
  down: boolean;
  checkedAt: number;
  probe?: Promise<boolean>;
}

const g = globalThis as unknown as { __apDatabaseGate?: GateState };
const state = (): GateState => (g.__apDatabaseGate ??= { down: false, checkedAt: 0 });

/** Records a failure that means "the database is unreachable" (others are ignored). */
export function noteDatabaseError(error: unknown): void {
  if (!isDatabaseUnavailable(error)) return;
  const s = state();
  if (!s.down) logger.warn({ err: error }, "the database is unreachable: pages answer 503 until it is back");
  s.down = true;
  s.checkedAt = Date.now();
}

function probe(): Promise<boolean> {
  const s = state();
  s.probe ??= (async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        pool().query("SELECT 1"),
        new Promise(
          (_, reject) =>
            (timer = setTimeout(() => reject(Object.assign(new Error("timeout exceeded when trying to connect"), { code: "ETIMEDOUT" })), PROBE_TIMEOUT_MS)),
        ),
      ]);
      if (s.down) logger.info("the database is reachable again");
      s.down = false;
    } catch (error) {
      // Only a failure that says "unreachable" closes the pages; a bug in the probe must not.
      if (isDatabaseUnavailable(error)) s.down = true;
      else logger.error({ err: error }, "database probe failed");
    } finally {
      clearTimeout(timer);
      s.checkedAt = Date.now();
      s.probe = undefined;
    }
    return !s.down;
  })();
  return s.probe;
}

/** Whether a page may render now (false: answer `databaseUnavailablePage()`). */
export async function pagesMayQueryDatabase(now = Date.now()): Promise<boolean> {
  const s = state();
  if (!s.down) {
    if (now - s.checkedAt >= HEALTHY_RECHECK_MS) void probe();
    return true;
  }
  if (now - s.checkedAt < DOWN_RECHECK_MS && !s.probe) return false;
  return probe();
}

function retryAfterSeconds(): number {
  try {
    return readSettings().RETRY_AFTER_SECONDS;
  } catch {
    return 5;
  }
}

/** The page browsers get while the database is away: 503, Retry-After, and it reloads itself. */
export function databaseUnavailablePage(): Response {
  const seconds = retryAfterSeconds();
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="${Math.max(seconds, 5)}">
<title>Briefly unavailable | AP Score Reports</title>
<style>
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1e293b;background:#f8fafc}
main{max-width:36rem;margin:12vh auto;padding:2rem;background:#fff;border:1px solid #e2e8f0;border-radius:.5rem}
h1{font-size:1.5rem;margin:0 0 1rem;color:#0c3c78}
p{line-height:1.5}
</style>
</head>
<body>
<main>
<h1>We&rsquo;ll be right back</h1>
<p>${DATABASE_UNAVAILABLE_MESSAGE}</p>
<p>This page tries again by itself.</p>
</main>
</body>
</html>
`;
  return new Response(html, {
    status: 503,
    headers: { "Content-Type": "text/html; charset=utf-8", "Retry-After": String(seconds), "Cache-Control": "no-store" },
  });
}
