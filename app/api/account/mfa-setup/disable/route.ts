import { NextResponse } from "next/server";
import { disableMfa } from "@/lib/accounts/mutations";
import { DisableMfaSchema } from "@/lib/accounts/schema";
import { keepThisSession } from "@/lib/auth/sign-in";
import type { MessageResponse } from "@/lib/accounts/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** Turns MFA off after the password, a current code or a recovery code. */
export const POST = sessionRoute({ doing: "change multifactor authentication", terms: false, body: DisableMfaSchema }, async ({ user, body, ip }) => {
  // Every other session ends; this browser continues with a fresh cookie.
  const result = await keepThisSession(user, await disableMfa(user.id, body.proof, ip), ip, "mfa-change");
  if (!result.ok) return result;
  return NextResponse.json({ ok: true, message: "Multifactor authentication is off." } satisfies MessageResponse);
});
