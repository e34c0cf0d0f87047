import crypto from "node:crypto";
import argon2 from "argon2";
import { generateSecret, generateURI, verifySync } from "otplib";
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
  if (!value) throw new Error("AUTH_SECRET is not set (npm start generates one for local use; deployments set their own)");
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

/**
 * Secrets at rest (TOTP seeds, webhook signing secrets): AES-256-GCM under DATA_ENCRYPTION_KEYS,
 * a list whose first key encrypts and whose every key decrypts, so keys rotate by adding a new
 * one first, running `npm run db:reencrypt`, then dropping the old one. A sealed value names
 * its key ("k1.<key id>.<iv>.<tag>.<data>"). Values sealed before that setting existed (three
 * parts, no key id) used a key derived from AUTH_SECRET: they still decrypt while AUTH_SECRET
 * is unchanged, and new values use that key too while DATA_ENCRYPTION_KEYS is unset (the demo).
 */
interface DataKey {
  id: string;
  key: Buffer;
}

const SEALED_PREFIX = "k1";

function dataKey(material: string): DataKey {
  const key = crypto.createHmac("sha256", material).update("ap-score-reports:data-encryption").digest();
  // The id names the key without revealing it: a hash of the derived key, 8 hex characters.
  return { id: crypto.createHash("sha256").update(key).digest("hex").slice(0, 8), key };
}

function dataKeys(): DataKey[] {
  return env().DATA_ENCRYPTION_KEYS.map(dataKey);
}

function seal(key: Buffer, plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url")).join(".");
}

function unseal(key: Buffer, parts: string[]): string {
  const [iv, tag, data] = parts.map((p) => Buffer.from(p, "base64url"));
  if (!iv || !tag || !data || parts.length !== 3) throw new Error("Malformed sealed secret");
  const decipher = crypto.createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}

export function encryptSecret(plain: string): string {
  const [current] = dataKeys();
  if (!current) return seal(keyFor("encryption"), plain);
  return `${SEALED_PREFIX}.${current.id}.${seal(current.key, plain)}`;
}

export function decryptSecret(sealed: string): string {
  const parts = sealed.split(".");
  if (parts[0] !== SEALED_PREFIX) return unseal(keyFor("encryption"), parts);
  const key = dataKeys().find((k) => k.id === parts[1]);
  if (!key) throw new Error(`Sealed with data key ${parts[1]}, which is not in DATA_ENCRYPTION_KEYS`);
  return unseal(key.key, parts.slice(2));
}

/** True when `sealed` is already under the first (current) data key, or no data keys are set. */
export function isSealedWithCurrentKey(sealed: string): boolean {
  const [current] = dataKeys();
  if (!current) return !sealed.startsWith(`${SEALED_PREFIX}.`);
  return sealed.startsWith(`${SEALED_PREFIX}.${current.id}.`);
}

// ───────────────────────────── passwords (argon2id) ─────────────────────────────

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

// Verified when the email is unknown, so a wrong email costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-account-password");
  await verifyPassword(await dummyHash, password);
}

// ───────────────────────────── authenticator codes (TOTP) ─────────────────────────────

export const MFA_ISSUER = "AP Higher Ed Score Reports";

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(email: string, secret: string): string {
  return generateURI({ issuer: MFA_ISSUER, label: email, secret });
}

/** The secret as stored (encrypted with a key derived from AUTH_SECRET). */
export function sealTotpSecret(secret: string): string {
  return encryptSecret(secret);
}

/** A 6-digit code from the authenticator app, allowing one 30-second step of clock drift. */
export function verifyTotp(sealedSecret: string, code: string): boolean {
  return matchedTotpStep(sealedSecret, code) !== null;
}

/** The 30-second time step a valid code belongs to (so each step is accepted once), or null. */
export function matchedTotpStep(sealedSecret: string, code: string): number | null {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  try {
    const epoch = Math.floor(Date.now() / 1000);
    const result = verifySync({ secret: decryptSecret(sealedSecret), token, epoch, epochTolerance: 30 });
    return result.valid ? Math.floor(epoch / 30) + result.delta : null;
  } catch {
    return null;
  }
}
