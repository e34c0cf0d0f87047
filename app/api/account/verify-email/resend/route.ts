import { NextResponse } from "next/server";
import type { VerificationSent } from "@/lib/accounts/serializers";
import { sessionAccount } from "@/lib/auth/gate";
import { refusal } from "@/lib/errors";
import { publicRoute } from "@/lib/http/session-route";
import { resendVerification } from "@/lib/identity/verification";
import { MailDeliveryError } from "@/lib/mail/mutations";

export const runtime = "nodejs";

/**
 * The Check Your Email page's button (throttled per account). Its caller is signed in but not
 * yet verified, which sessionRoute refuses by design, so it is a public route that reads the
 * unverified account itself.
 */
export const POST = publicRoute({}, async ({ ip }) => {
  const account = await sessionAccount();
  if (!account) return refusal("UNAUTHENTICATED", "Sign in to send a new verification link.");
  try {
    const result = await resendVerification(account.id, ip);
    if (!result.ok) return result;
    return NextResponse.json({ sentTo: result.email } satisfies VerificationSent);
  } catch (error) {
    if (error instanceof MailDeliveryError) return refusal("UNAVAILABLE", "We could not send the email just now. Try again in a few minutes.");
    throw error;
  }
});
