import crypto from "node:crypto";
import { env } from "@/lib/env";

export function sha256Hex(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

/** URL-safe random token with the given bytes of entropy. */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

function secret(): string {
  const value = env().AUTH_SECRET ?? process.env.AUTH_SECRET;
  if (!value) throw new Error("AUTH_SECRET is not set (npm start generates one for local use)");
  return value;
}

/** A key per purpose, so a signature made for one use can never be replayed in another. */
function keyFor(purpose: string): Buffer {
  return crypto.createHmac("sha256", secret()).update(`ap-score-reports:${purpose}`).digest();
}

export function hmacHex(purpose: string, message: string): string {
  return crypto.createHmac("sha256", keyFor(purpose)).update(message).digest("hex");
}

export function timingSafeEqualString(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** Compact signed token: base64url(JSON payload) + "." + HMAC. Payload must carry `exp` (seconds). */
export function signToken(purpose: string, payload: Record<string, unknown> & { exp: number }): string {
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${body}.${hmacHex(purpose, body)}`;
}

export function verifyToken<T extends { exp: number }>(purpose: string, token: string, now = Date.now()): T | null {
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const body = token.slice(0, dot);
  if (!timingSafeEqualString(token.slice(dot + 1), hmacHex(purpose, body))) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as T;
    if (typeof payload.exp !== "number" || payload.exp * 1000 <= now) return null;
    return payload;
  } catch {
    return null;
  }
}

/** AES-256-GCM for small secrets at rest (TOTP seeds). */
export function encryptSecret(plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFor("encryption"), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url")).join(".");
}

export function decryptSecret(sealed: string): string {
  const [iv, tag, data] = sealed.split(".").map((p) => Buffer.from(p, "base64url"));
  if (!iv || !tag || !data) throw new Error("Malformed sealed secret");
  const decipher = crypto.createDecipheriv("aes-256-gcm", keyFor("encryption"), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}
