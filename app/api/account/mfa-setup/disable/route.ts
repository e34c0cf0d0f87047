import { NextResponse } from "next/server";
import { disableMfa } from "@/lib/accounts/mutations";
import { DisableMfaSchema } from "@/lib/accounts/schema";
import type { MessageResponse } from "@/lib/accounts/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** Turns MFA off after the password, a current code or a recovery code. */
export const POST = sessionRoute({ doing: "change multifactor authentication", terms: false, body: DisableMfaSchema }, async ({ user, body, ip }) => {
  const result = await disableMfa(user.id, body.proof, ip);
  if (!result.ok) return result;
  return NextResponse.json({ ok: true, message: "Multifactor authentication is off." } satisfies MessageResponse);
});
