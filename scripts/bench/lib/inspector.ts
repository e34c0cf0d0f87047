/**
 * What a process holds, read through its inspector (the Chrome DevTools Protocol over a
 * WebSocket: the benchmark runs with --experimental-websocket, Node's own client). A full
 * collection first, so garbage the collector has not reached yet is not counted: the resident
 * set alone also counts heap the collector keeps for later, which depends on its heuristics,
 * not on what the process keeps.
 */

export interface HeldMemory {
  /** Live JavaScript heap after a full collection. */
  heapUsed: number;
  /** Memory outside the heap held by live objects (Buffers, ArrayBuffers). */
  external: number;
  /** The resident set at that moment. */
  rss: number;
}

/** "Debugger listening on ws://…" from a process started with --inspect. */
export function inspectorUrl(output: string): string | null {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1] ?? null;
}

export async function heldMemory(url: string, timeoutMs = 30_000): Promise<HeldMemory> {
  if (typeof WebSocket === "undefined")
    throw new Error("the benchmark needs a WebSocket client: run it with node --experimental-websocket (npm run bench does)");
  const socket = new WebSocket(url);
  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const timer = setTimeout(() => socket.close(), timeoutMs);
  const closed = new Promise<never>((_, reject) => {
    socket.addEventListener("close", () => reject(new Error(`the inspector at ${url} closed the connection`)));
    socket.addEventListener("error", () => reject(new Error(`cannot reach the inspector at ${url}`)));
  });
  closed.catch(() => undefined);
  socket.addEventListener("message", (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
    const waiter = message.id === undefined ? undefined : pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id!);
    if (message.error) waiter.reject(new Error(message.error.message));
    else waiter.resolve(message.result);
  });
  const call = (method: string, params: object = {}): Promise<unknown> => {
    const id = nextId++;
    const answered = new Promise<unknown>((resolve, reject) => pending.set(id, { resolve, reject }));
    socket.send(JSON.stringify({ id, method, params }));
    return Promise.race([answered, closed]);
  };
  try {
    await Promise.race([new Promise((resolve) => socket.addEventListener("open", resolve, { once: true })), closed]);
    await call("HeapProfiler.collectGarbage");
    const result = (await call("Runtime.evaluate", { expression: "JSON.stringify(process.memoryUsage())", returnByValue: true })) as {
      result: { value: string };
    };
    const usage = JSON.parse(result.result.value) as NodeJS.MemoryUsage;
    return { heapUsed: usage.heapUsed, external: usage.external, rss: usage.rss };
  } finally {
    clearTimeout(timer);
    socket.close();
  }
}
