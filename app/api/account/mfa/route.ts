import { NextResponse } from "next/server";
import { MfaStepSchema, safeCallbackUrl } from "@/lib/accounts/schema";
import type { SignInResponse } from "@/lib/accounts/serializers";
import { signInWithMfaCode } from "@/lib/auth/sign-in";
import { publicRoute } from "@/lib/http/session-route";
import { forgetOrganizationCookie } from "@/lib/k12/gate";

export const runtime = "nodejs";

/** Step 2 of signing in when MFA is on: a code from the authenticator app or a recovery code. */
export const POST = publicRoute({ body: MfaStepSchema }, async ({ body, ip }) => {
  const result = await signInWithMfaCode(body.ticket, body.code, ip);
  if (!result.ok) return result;
  return forgetOrganizationCookie(NextResponse.json({ next: "done", redirectTo: safeCallbackUrl(body.callbackUrl) } satisfies SignInResponse));
});
