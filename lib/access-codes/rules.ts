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

export type AccessCodeStatus = "active" | "revoked" | "expired" | "used-up";

export function accessCodeStatus(code: { revokedAt: Date | null; expiresAt: Date | null; maxRedemptions: number | null }, redemptions: number, now = new Date()): AccessCodeStatus {
  if (code.revokedAt) return "revoked";
  if (code.expiresAt && code.expiresAt <= now) return "expired";
  if (code.maxRedemptions !== null && redemptions >= code.maxRedemptions) return "used-up";
  return "active";
}

/**
 * How many bits of guessing an access code costs someone who knows whom it belongs to. The
 * demo's `SPFD-141234-2026` costs nothing: district, school and year are public. So, before
 * counting, the school's and district's codes and anything like a year are removed, a run of one
 * character counts once, and a character next to its neighbour in the alphabet ("ABCD", "1234")
 * counts one bit. Each remaining character counts log2 of the alphabet the code draws from
 * (digits 10, letters 26, both 36). Generated codes (15 characters of 31) have about 74 bits.
 */
export function accessCodeGuessBits(code: string, known: readonly string[] = []): number {
  let rest = normalizeAccessCode(code);
  const tokens = known.map(normalizeAccessCode).filter((t) => t.length >= 2);
  for (const token of tokens.sort((a, b) => b.length - a.length)) rest = rest.split(token).join(" ");
  rest = rest.replace(/(?:19|20)\d\d/g, " ");
  const letters = /[A-Z]/.test(rest);
  const digits = /\d/.test(rest);
  const perChar = Math.log2((letters ? 26 : 0) + (digits ? 10 : 0) || 1);
  let bits = 0;
  for (const part of rest.split(" ").filter(Boolean)) {
    for (let i = 0; i < part.length; i++) {
      const step = i === 0 ? Number.NaN : part.charCodeAt(i) - part.charCodeAt(i - 1);
      if (step === 0) continue;
      bits += Math.abs(step) === 1 ? 1 : perChar;
    }
  }
  return bits;
}

/** A chosen K-12 school code must cost at least this much guessing (a generated one always does). */
export const MIN_SCHOOL_CODE_BITS = 60;
