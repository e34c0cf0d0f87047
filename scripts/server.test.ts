/**
 * The app server's idle keep-alive limit: a connection idle for longer than Node's default is
 * still open, so a balancer that reuses it is not reset. And Node's source maps, off in
 * production as under `next start`.
 */
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import path from "node:path";
import { keepIdleConnections } from "./server";

async function listening(seconds?: number): Promise<{ port: number; server: http.Server }> {
  const server = http.createServer((request, response) => response.end(String(request.socket.remotePort)));
  if (seconds !== undefined) keepIdleConnections(server, seconds);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { port: (server.address() as AddressInfo).port, server };
}

/** GETs through `agent`; says whether the agent reused a kept-alive connection and whether it worked. */
function get(port: number, agent: http.Agent): Promise<{ reused: boolean; ok: boolean; clientPort?: string }> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, agent }, (response) => {
      let body = "";
      response.on("data", (chunk: Buffer) => (body += chunk.toString()));
      response.on("end", () => resolve({ reused: request.reusedSocket, ok: response.statusCode === 200, clientPort: body }));
    });
    request.on("error", () => resolve({ reused: request.reusedSocket, ok: false }));
  });
}

// Node's own limit (5 s) closes an idle connection within about 6 s; these wait 7 s.
describe.concurrent("idle keep-alive connections", () => {
  it("stay open for HTTP_KEEP_ALIVE_SECONDS, past Node's 5 s default, and close after it", async () => {
    const { port, server } = await listening(9);
    expect(server.keepAliveTimeout).toBe(9000);
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(port, agent);
      expect(first.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 7_000));
      // Same connection, seven seconds later: still open on the server's side.
      const second = await get(port, agent);
      expect(second).toMatchObject({ ok: true, reused: true, clientPort: first.clientPort });
      // Past the limit the server closes it; the agent notices and connects again.
      await new Promise((r) => setTimeout(r, 11_000));
      const third = await get(port, agent);
      expect(third).toMatchObject({ ok: true, reused: false });
    } finally {
      agent.destroy();
      server.close();
    }
  }, 30_000);

  it("without it, Node closes them after 5 s (what the balancer would race)", async () => {
    const { port, server } = await listening();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await get(port, agent)).ok).toBe(true);
      await new Promise((r) => setTimeout(r, 7_000));
      expect(await get(port, agent)).toMatchObject({ ok: true, reused: false });
    } finally {
      agent.destroy();
      server.close();
    }
  }, 30_000);
});

describe("Node's source maps", () => {
  it("are off in the production server although tsx, which loads it, turns them on; on with --dev", () => {
    // Started as scripts/start.ts starts the server: node --import tsx.
    const script = `
      const before = process.sourceMapsEnabled;
      const { setNodeSourceMaps } = await import("./scripts/server.ts");
      setNodeSourceMaps(false);
      const production = process.sourceMapsEnabled;
      setNodeSourceMaps(true);
      console.log(JSON.stringify({ before, production, dev: process.sourceMapsEnabled }));`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: path.resolve(import.meta.dirname, ".."),
      encoding: "utf8",
    });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ before: true, production: false, dev: true });
  }, 30_000);
});
