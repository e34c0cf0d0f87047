import crypto from "node:crypto";
import { sha256Hex } from "@/lib/crypto";

/** Codes are compared without case, spaces or hyphens: "exmp 5818-demo" is EXMP-5818-DEMO. */
export function normalizeAccessCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, "");
}

export function hashAccessCode(code: string): string {
  return sha256Hex(`access-code:${normalizeAccessCode(code)}`);
}

/** Last four characters, shown to administrators to tell codes apart. */
export function accessCodeHint(code: string): string {
  return normalizeAccessCode(code).slice(-4);
}

// No 0/O or 1/I/L: codes are read out over the phone and typed from emails.
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/** A new random code such as "K7QM-XD4P-29TR" (about 74 bits). */
export function generateAccessCode(): string {
  const bytes = crypto.randomBytes(15);
  const chars = Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5, 10)}-${chars.slice(10, 15)}`;
}

/** Admin API bearer tokens and app passwords are random: a fast hash is enough. */
export function hashSecretToken(token: string): string {
  return sha256Hex(`token:${token}`);
}
