import { headers } from "next/headers";
import { env } from "@/lib/env";
import { CLIENT_ADDRESS_HEADER, normalizeAddress, type ProxyTrust } from "@/lib/http/client-address";

/** TRUST_PROXY_HOPS and TRUSTED_PROXIES (lib/env.ts; docs/security.md). */
export function proxyTrust(): ProxyTrust {
  const settings = env();
  return { hops: settings.TRUST_PROXY_HOPS, networks: settings.TRUSTED_PROXIES };
}

/**
 * The client's address for throttling and the audit log: what our server decided from the
 * socket (lib/http/client-address.ts), never a header the client wrote.
 */
export function clientIp(requestHeaders: Headers): string {
  const address = normalizeAddress(requestHeaders.get(CLIENT_ADDRESS_HEADER));
  if (address) return address;
  if (env().NODE_ENV === "production") {
    // Served by `next start` or another server that did not decide: refuse rather than
    // believe a header anyone could write, or put every client in one bucket.
    throw new Error("No client address: serve the app with `npm start` (scripts/server.ts), not `next start`.");
  }
  return "unknown";
}

/** The same, for pages (server components), from the request being rendered. */
export async function requestIp(): Promise<string> {
  return clientIp(await headers());
}
