/**
 * Pages and APIs before bulk streams, within one server process. On release day a process
 * streams several bulk files at full speed while registrars load pages; a page's ten or so
 * steps each wait their turn of the event loop behind the streams' work, and with a few
 * cores shared with PostgreSQL a page took several times its idle time. So the HTTP server
 * (scripts/server.ts) counts the interactive requests in flight — everything but the bulk
 * file bodies — and a bulk stream, between two chunks, waits while any is in flight, for at
 * most GIVE_WAY_MAX_MS a chunk: downloads slow down only while pages are being served, and
 * never stop.
 *
 * The count lives on globalThis: the server and the route handlers Next.js bundles load
 * separate copies of this module.
 */

/** The most a bulk stream waits for pages before its next chunk. */
export const GIVE_WAY_MAX_MS = 15;

/** Paths whose responses are bulk file bodies (portal downloads, the web service's pre-signed URLs). */
const BULK_PATHS = [/^\/api\/bulk\/files\/[^/]+\/download(?:$|\?)/, /^\/aposrd-api-prod\/files\/[^/]+\/[^/]+(?:$|\?)/];

interface Priority {
  interactive: number;
  waiting: Set<() => void>;
}

function state(): Priority {
  const holder = globalThis as unknown as { __apPriority?: Priority };
  holder.__apPriority ??= { interactive: 0, waiting: new Set() };
  return holder.__apPriority;
}

export function isBulkStreamPath(url: string): boolean {
  return BULK_PATHS.some((pattern) => pattern.test(url));
}

/** An interactive request has started; call the returned function once when it has ended. */
export function interactiveRequestStarted(): () => void {
  const s = state();
  s.interactive++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    s.interactive--;
    if (s.interactive === 0) {
      for (const resume of s.waiting) resume();
      s.waiting.clear();
    }
  };
}

/** Interactive requests in flight in this process. */
export function interactiveInFlight(): number {
  return state().interactive;
}

/**
 * Called by a bulk stream between chunks: a turn of the event loop, then, while interactive
 * requests are in flight, a wait until none is (at most `maxMs`).
 */
export async function giveWay(maxMs = GIVE_WAY_MAX_MS): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const s = state();
  if (s.interactive === 0) return;
  await new Promise<void>((resolve) => {
    const resume = () => {
      clearTimeout(timer);
      s.waiting.delete(resume);
      resolve();
    };
    const timer = setTimeout(resume, maxMs);
    s.waiting.add(resume);
  });
}
