import { NextResponse } from "next/server";
import { SignUpSchema } from "@/lib/accounts/schema";
import type { RedirectResponse } from "@/lib/accounts/serializers";
import { SIGN_UP_RATE_LIMIT } from "@/lib/auth/sign-in";
import { publicRoute } from "@/lib/http/session-route";
import { signUp } from "@/lib/identity/verification";

export const runtime = "nodejs";

/**
 * Creating an account signs nobody in: the account is usable once its owner opens the link
 * emailed to the address. The answer is the same whether or not the address already has an
 * account (its owner gets an email instead), so sign-up reveals no one's account.
 */
export const POST = publicRoute({ body: SignUpSchema, maxBytes: 20_000, rateLimit: SIGN_UP_RATE_LIMIT }, async ({ body, ip }) => {
  await signUp(body, ip);
  return NextResponse.json({ next: "verify-email", redirectTo: "/check-email?sent=1" } satisfies RedirectResponse, { status: 202 });
});
