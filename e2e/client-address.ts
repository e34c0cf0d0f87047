/**
 * Each test its own client: the app takes the client address from the TCP peer (scripts/server.ts),
 * so a forged X-Forwarded-For no longer separates tests. Instead each test's browser and API
 * requests go through a tiny forward proxy that connects to the app from its own loopback
 * source address (127.x.y.z, all of which Linux routes to lo), as a distinct client would.
 */
import crypto from "node:crypto";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

export interface ClientProxy {
  /** Playwright's `proxy` option for a context or request context. */
  proxy: { server: string };
  /** The source address the app sees. */
  address: string;
  close(): Promise<void>;
}

/** A fresh loopback address, never 127.0.0.1 (the address of everything else on the machine). */
export function freshLoopbackAddress(): string {
  const [a = 1, b = 1, c = 2] = crypto.randomBytes(3);
  return `127.${a}.${b}.${Math.max(2, Math.min(c, 254))}`;
}

export async function startClientProxy(address = freshLoopbackAddress()): Promise<ClientProxy> {
  const agent = new http.Agent({ keepAlive: true, localAddress: address });
  const server = http.createServer((request, response) => {
    let target: URL;
    try {
      target = new URL(request.url ?? "");
    } catch {
      response.writeHead(400).end("absolute URL expected");
      return;
    }
    // A kept-alive connection the app closed as idle just as it was reused fails at once
    // (ECONNRESET): Node's documented answer is to send the request again, which is safe for a
    // request without a body. Browsers do the same.
    const bodyless = request.method === "GET" || request.method === "HEAD";
    const send = (retry: boolean) => {
      const upstream = http.request(target, { method: request.method, headers: request.headers, agent }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(response);
      });
      upstream.on("error", (error: NodeJS.ErrnoException) => {
        if (retry && bodyless && upstream.reusedSocket && error.code === "ECONNRESET" && !response.headersSent) {
          send(false);
          return;
        }
        if (!response.headersSent) response.writeHead(502);
        response.end();
      });
      if (bodyless) {
        request.resume();
        upstream.end();
      } else request.pipe(upstream);
    };
    send(true);
  });
  // Playwright's API client tunnels even plain HTTP through CONNECT. Only loopback targets.
  server.on("connect", (request, client: Duplex, head: Buffer) => {
    const [host = "", port = ""] = (request.url ?? "").split(":");
    if (!/^127\.\d+\.\d+\.\d+$|^localhost$/.test(host)) {
      client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = net.connect({ host, port: Number(port), localAddress: address }, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  server.unref();
  const port = (server.address() as AddressInfo).port;
  return {
    proxy: { server: `http://127.0.0.1:${port}` },
    address,
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Proxy settings for a context a test creates itself; the proxy ends with the worker. */
export async function ownClientAddress(): Promise<{ server: string }> {
  return (await startClientProxy()).proxy;
}
