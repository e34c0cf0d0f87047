import { signToken, verifyToken } from "@/lib/crypto";
import { webServiceConfig } from "@/lib/web-service/config";

const PURPOSE = "ws-auth";

/** What an authToken carries. `sv` ties it to the account's session version (a password change revokes it). */
export interface AuthTokenPayload {
  uid: string;
  sv: number;
  /** The app password it was obtained with (revoking that password revokes the token). */
  apw: string | null;
  exp: number;
}

export function issueAuthToken(args: { userId: string; sessionVersion: number; appPasswordId: string | null }, now = Date.now()): { token: string; expiresAt: Date } {
  const exp = Math.floor(now / 1000) + webServiceConfig().WS_TOKEN_TTL_SECONDS;
  const payload: AuthTokenPayload = { uid: args.userId, sv: args.sessionVersion, apw: args.appPasswordId, exp };
  return { token: signToken(PURPOSE, { ...payload }), expiresAt: new Date(exp * 1000) };
}

export type TokenCheck = { ok: true; payload: AuthTokenPayload } | { ok: false; reason: "invalid" | "expired" };

/** Tells a forged token from a genuine one that has run out, so the message can say which. */
export function readAuthToken(token: string, now = Date.now()): TokenCheck {
  const payload = verifyToken<AuthTokenPayload>(PURPOSE, token, now);
  if (payload) return isPayload(payload) ? { ok: true, payload } : { ok: false, reason: "invalid" };
  // Signed by us but rejected at `now`: the only remaining reason is its expiry.
  const signed = verifyToken<AuthTokenPayload>(PURPOSE, token, 0);
  return { ok: false, reason: signed ? "expired" : "invalid" };
}

function isPayload(p: AuthTokenPayload): boolean {
  return typeof p.uid === "string" && typeof p.sv === "number" && (p.apw === null || typeof p.apw === "string");
}
