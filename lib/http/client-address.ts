import type { IncomingMessage } from "node:http";
import net from "node:net";
import proxyaddr from "proxy-addr";

/**
 * Who the client is, decided once per request by our HTTP server (scripts/server.ts) from the
 * socket — Next.js does not give route handlers the connection's peer. The answer travels to
 * the app in this header; the server deletes any copy the client sent first. Route handlers
 * read it with `clientIp` (lib/http/client-ip.ts). No Next.js imports here: the server loads
 * this before Next.js.
 */
export const CLIENT_ADDRESS_HEADER = "x-ap-client-address";

export interface ProxyTrust {
  /** How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the default). */
  hops: number;
  /** Addresses or CIDR networks of proxies whose X-Forwarded-For entries are believed. */
  networks: string[];
}

/** Throws on a network proxy-addr cannot read, so a typo fails at start, not on a request. */
export function compileTrustedNetworks(networks: string[]): (address: string, hop: number) => boolean {
  return networks.length > 0 ? proxyaddr.compile(networks) : () => false;
}

/** An IP address (IPv4-mapped IPv6 written as IPv4), or null for anything else. */
export function normalizeAddress(address: string | null | undefined): string | null {
  if (!address) return null;
  const trimmed = address.trim();
  const unmapped = trimmed.toLowerCase().startsWith("::ffff:") && net.isIPv4(trimmed.slice(7)) ? trimmed.slice(7) : trimmed;
  return net.isIP(unmapped) ? unmapped : null;
}

/**
 * The client's address for one request: the TCP peer, or — only through trusted proxies — the
 * X-Forwarded-For entry that many hops from the right. Entries left of the trusted ones are
 * written by the client and never believed; an entry that is not an IP address stops the walk
 * at the last good one.
 */
export function addressOfRequest(request: IncomingMessage, trust: ProxyTrust): string {
  const trustedNetwork = compileTrustedNetworks(trust.networks);
  const chain = proxyaddr.all(request, (address, hop) => hop < trust.hops || trustedNetwork(address, hop));
  let client = normalizeAddress(request.socket.remoteAddress) ?? "0.0.0.0";
  for (const entry of chain.slice(1)) {
    const address = normalizeAddress(entry);
    if (!address) break;
    client = address;
  }
  return client;
}

/** Sets the app's client-address header on a request, replacing whatever the client sent. */
export function stampClientAddress(request: IncomingMessage, trust: ProxyTrust): void {
  delete request.headers[CLIENT_ADDRESS_HEADER];
  request.headers[CLIENT_ADDRESS_HEADER] = addressOfRequest(request, trust);
}
