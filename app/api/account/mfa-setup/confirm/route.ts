import { NextResponse } from "next/server";
import { confirmMfaSetup } from "@/lib/accounts/mutations";
import { ConfirmMfaSchema } from "@/lib/accounts/schema";
import { keepThisSession } from "@/lib/auth/sign-in";
import type { RecoveryCodesResponse } from "@/lib/accounts/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** Finishes turning MFA on with a code from the app; answers the recovery codes (shown once). */
export const POST = sessionRoute({ doing: "set up multifactor authentication", terms: false, body: ConfirmMfaSchema }, async ({ user, body, ip }) => {
  // Every other session ends; this browser continues with a fresh cookie.
  const result = await keepThisSession(user, await confirmMfaSetup(user.id, body.ticket, body.code, ip), ip, "mfa-change");
  if (!result.ok) return result;
  return NextResponse.json({ recoveryCodes: result.recoveryCodes } satisfies RecoveryCodesResponse);
});
