import crypto from "node:crypto";
import dns from "node:dns";
import net from "node:net";

// ───────────────────────────── events ─────────────────────────────

/** The JSON events webhooks receive. Institution-level facts only: never student data. */

export const EVENT_TYPES = {
  released: "score_reports.released",
  test: "webhook.test",
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

export interface WebhookEvent {
  id: string;
  type: EventType;
  /** When the event was created (ISO 8601, UTC). */
  createdAt: string;
  institution: { diCode: string; name: string };
  data: {
    /** Score reports released in this batch. */
    count: number;
    /** Latest release time in the batch (ISO 8601, UTC). */
    releasedAt: string;
  };
}

export function buildEvent(input: { id: string; type: EventType; createdAt: Date; diCode: string; name: string; count: number; releasedAt: Date }): string {
  const event: WebhookEvent = {
    id: input.id,
    type: input.type,
    createdAt: input.createdAt.toISOString(),
    institution: { diCode: input.diCode, name: input.name },
    data: { count: input.count, releasedAt: input.releasedAt.toISOString() },
  };
  return JSON.stringify(event);
}

// ───────────────────────────── signatures ─────────────────────────────

/**
 * Webhook signatures: `X-AP-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * keyed with the webhook's secret. The time is signed with the body so a captured request
 * cannot be replayed later; receivers reject timestamps older than a few minutes.
 */

export const SIGNATURE_HEADER = "X-AP-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signatureHeader(secret: string, body: string, timestamp: number): string {
  const mac = crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

/** What a receiver does (the docs page shows the same steps). */
export function verifySignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  tolerance = DEFAULT_TOLERANCE_SECONDS,
): VerifyResult {
  if (!header) return { ok: false, reason: "missing signature header" };
  const parts = new Map<string, string[]>();
  for (const item of header.split(",")) {
    const [k, v] = item.split("=", 2).map((s) => s.trim());
    if (k && v) parts.set(k, [...(parts.get(k) ?? []), v]);
  }
  const t = Number(parts.get("t")?.[0]);
  if (!Number.isInteger(t)) return { ok: false, reason: "no timestamp" };
  if (Math.abs(nowSeconds - t) > tolerance) return { ok: false, reason: "timestamp outside tolerance" };
  const expected = Buffer.from(crypto.createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
  const match = (parts.get("v1") ?? []).some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  });
  return match ? { ok: true, timestamp: t } : { ok: false, reason: "signature mismatch" };
}

// ───────────────────────────── receiver URLs ─────────────────────────────

/**
 * Which webhook URLs the product will call. In production (APP_DEPLOYMENT=production) only
 * https URLs whose host resolves to public addresses: a webhook must never become a way to
 * reach the server's own network. Development and tests also allow http and loopback, so a
 * receiver on 127.0.0.1 works. The address check runs again at delivery time, inside the
 * connection's DNS lookup, so a name that later resolves to a private address is refused too.
 */

export const MAX_WEBHOOK_URL_LENGTH = 2000;

const blocked = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  blocked.addSubnet(address, prefix, "ipv4");
}
for (const [address, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["64:ff9b::", 96],
] as const) {
  blocked.addSubnet(address, prefix, "ipv6");
}

/** Loopback, private, link-local, carrier-grade NAT, documentation, multicast or reserved. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return blocked.check(address, "ipv4");
  if (family === 6) {
    // IPv4-mapped (::ffff:10.0.0.1) is the IPv4 address in disguise.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1]!, "ipv4");
    return blocked.check(address, "ipv6");
  }
  return true;
}

export type UrlPolicy = "production" | "development";

export function urlPolicyFor(deployment: string | undefined): UrlPolicy {
  return deployment === "production" ? "production" : "development";
}

export type UrlCheck = { ok: true; url: URL } | { ok: false; message: string };

/** Shape rules, no network: scheme, credentials, length, literal private hosts in production. */
export function checkWebhookUrlShape(raw: string, policy: UrlPolicy): UrlCheck {
  const value = raw.trim();
  if (!value) return { ok: false, message: "Enter the URL of your webhook receiver." };
  if (value.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, message: `The URL is longer than ${MAX_WEBHOOK_URL_LENGTH} characters.` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: "Enter a full URL, such as https://sis.example.edu/hooks/ap-scores." };
  }
  if (policy === "production" && url.protocol !== "https:") return { ok: false, message: "The webhook URL must start with https://." };
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, message: "The webhook URL must start with https:// (or http:// outside production)." };
  if (url.username || url.password) return { ok: false, message: "Put no user name or password in the URL; verify our signature instead." };
  if (url.hash) return { ok: false, message: "The URL must not contain a #fragment." };
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (policy === "production") {
    if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".local") || host.endsWith(".internal")) {
      return { ok: false, message: "The webhook URL must point to a public server, not a local or internal name." };
    }
    if (net.isIP(host) && isPrivateAddress(host))
      return { ok: false, message: "The webhook URL must point to a public address, not a private or loopback one." };
  }
  return { ok: true, url };
}

/** Shape rules plus, in production, a DNS lookup: every address the name has must be public. */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<UrlCheck> {
  const shape = checkWebhookUrlShape(raw, policy);
  if (!shape.ok || policy !== "production") return shape;
  const host = shape.url.hostname.replace(/^\[|\]$/g, "");
  if (net.isIP(host)) return shape;
  try {
    const addresses = await dns.promises.lookup(host, { all: true, verbatim: true });
    if (!addresses.length) return { ok: false, message: `The host ${host} has no address.` };
    if (addresses.some((a) => isPrivateAddress(a.address))) return { ok: false, message: `The host ${host} resolves to a private address; use a public one.` };
  } catch {
    return { ok: false, message: `The host ${host} could not be found (DNS lookup failed).` };
  }
  return shape;
}

/**
 * A `lookup` for http(s).request that refuses private addresses (production). Checking the
 * address the socket actually connects to closes the gap between validation and delivery.
 */
export function guardedLookup(policy: UrlPolicy): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as dns.LookupAddress[];
      const allowed = policy === "production" ? list.filter((a) => !isPrivateAddress(a.address)) : list;
      if (!allowed.length) {
        const refused = Object.assign(new Error(`${hostname} resolves only to private addresses; refused`), { code: "EPRIVATEADDRESS" });
        return callback(refused, "", 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed);
      callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}
