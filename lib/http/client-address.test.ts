import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSettings } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, stampClientAddress, type ProxyTrust } from "./client-address";
import { clientIp } from "./client-ip";

/**
 * Real sockets from distinct loopback source addresses (127.0.0.x act as different clients)
 * through the same stamping our server does before Next.js sees a request.
 */
let trust: ProxyTrust = { hops: 0, networks: [] };
let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    stampClientAddress(req, trust);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    res.end(clientIp(headers));
  });
  await new Promise<void>((resolve) => server.listen(0, "0.0.0.0", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function addressSeen(from: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, localAddress: from, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve(body));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("client address", () => {
  it("is the TCP peer by default, whatever X-Forwarded-For and our own header say", async () => {
    trust = { hops: 0, networks: [] };
    expect(await addressSeen("127.0.0.11")).toBe("127.0.0.11");
    expect(await addressSeen("127.0.0.11", { "X-Forwarded-For": "203.0.113.9", [CLIENT_ADDRESS_HEADER]: "198.51.100.7" })).toBe("127.0.0.11");
    expect(await addressSeen("127.0.0.12", { "X-Forwarded-For": "127.0.0.11" })).toBe("127.0.0.12");
  });

  it("behind one proxy takes the rightmost X-Forwarded-For entry, not the client-written left one", async () => {
    trust = { hops: 1, networks: [] };
    expect(await addressSeen("127.0.0.13", { "X-Forwarded-For": "203.0.113.9, 198.51.100.20" })).toBe("198.51.100.20");
    // No header: the proxy itself (the peer) is all we know.
    expect(await addressSeen("127.0.0.13")).toBe("127.0.0.13");
  });

  it("behind two proxies takes the second entry from the right", async () => {
    trust = { hops: 2, networks: [] };
    expect(await addressSeen("127.0.0.14", { "X-Forwarded-For": "6.6.6.6, 198.51.100.30, 10.0.0.2" })).toBe("198.51.100.30");
  });

  it("believes X-Forwarded-For only from trusted networks", async () => {
    trust = { hops: 0, networks: ["127.0.0.16/32"] };
    expect(await addressSeen("127.0.0.16", { "X-Forwarded-For": "198.51.100.40" })).toBe("198.51.100.40");
    expect(await addressSeen("127.0.0.17", { "X-Forwarded-For": "198.51.100.40" })).toBe("127.0.0.17");
  });

  it("stops at an entry that is not an IP address", async () => {
    trust = { hops: 2, networks: [] };
    expect(await addressSeen("127.0.0.18", { "X-Forwarded-For": "203.0.113.1, not-an-ip" })).toBe("127.0.0.18");
    trust = { hops: 1, networks: [] };
    expect(await addressSeen("127.0.0.18", { "X-Forwarded-For": "local" })).toBe("127.0.0.18");
  });
});

describe("proxy trust settings", () => {
  const trustOf = (source: Record<string, string>) => {
    const settings = readSettings(source);
    return { hops: settings.TRUST_PROXY_HOPS, networks: settings.TRUSTED_PROXIES };
  };

  it("defaults to no proxy and refuses nonsense", () => {
    expect(trustOf({})).toEqual({ hops: 0, networks: [] });
    expect(trustOf({ TRUST_PROXY_HOPS: "1", TRUSTED_PROXIES: "10.0.0.0/8, 192.168.1.1" })).toEqual({ hops: 1, networks: ["10.0.0.0/8", "192.168.1.1"] });
    expect(() => readSettings({ TRUST_PROXY_HOPS: "yes" })).toThrow(/TRUST_PROXY_HOPS/);
    expect(() => readSettings({ TRUSTED_PROXIES: "10.0.0.0/99" })).toThrow(/TRUSTED_PROXIES/);
  });

  it("refuses the old TRUST_PROXY, which believed a client-written address, with what to set instead", () => {
    for (const value of ["true", "false"]) expect(() => readSettings({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: no longer read.*TRUST_PROXY_HOPS=1/);
  });
});
