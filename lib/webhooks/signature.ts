/**
 * Webhook signatures: `X-AP-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * keyed with the webhook's secret. The time is signed with the body so a captured request
 * cannot be replayed later; receivers reject timestamps older than a few minutes.
 */
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "X-AP-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signatureHeader(secret: string, body: string, timestamp: number): string {
  const mac = crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
  return `t=${timestamp},v1=${mac}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: string };

/** What a receiver does (the docs page shows the same steps). */
export function verifySignature(secret: string, header: string | null | undefined, body: string, nowSeconds = Math.floor(Date.now() / 1000), tolerance = DEFAULT_TOLERANCE_SECONDS): VerifyResult {
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
