import { NextResponse } from "next/server";
import { SignInSchema, safeCallbackUrl } from "@/lib/accounts/schema";
import type { SignInResponse } from "@/lib/accounts/serializers";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { publicRoute } from "@/lib/http/session-route";
import { forgetOrganizationCookie } from "@/lib/k12/gate";

export const runtime = "nodejs";

/** Step 1 of signing in: email and password. Answers with where to go next, or the MFA step. */
export const POST = publicRoute({ body: SignInSchema }, async ({ body, ip }) => {
  const result = await signInWithPassword(body.email, body.password, ip);
  if (!result.ok) return result;
  const redirectTo = safeCallbackUrl(body.callbackUrl);
  const answer: SignInResponse = result.next === "mfa" ? { next: "mfa", ticket: result.ticket, redirectTo } : { next: "done", redirectTo };
  return forgetOrganizationCookie(NextResponse.json(answer));
});
