import { NextResponse } from "next/server";
import type { VerificationSent } from "@/lib/accounts/serializers";
import { sessionAccount } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { resendVerification } from "@/lib/identity/verification";
import { MailDeliveryError } from "@/lib/mail/mutations";
import { assertSameOrigin, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** The Check Your Email page's button (throttled per account). */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const account = await sessionAccount();
  if (!account) throw new AppError("UNAUTHENTICATED", "Sign in to send a new verification link.");
  try {
    const result = await resendVerification(account.id, clientIp(request.headers));
    if (!result.ok)
      throw new AppError(result.code, result.message, result.retryAfterSeconds !== undefined ? { retryAfterSeconds: result.retryAfterSeconds } : {});
    return NextResponse.json({ sentTo: result.email } satisfies VerificationSent);
  } catch (error) {
    if (error instanceof MailDeliveryError) throw new AppError("UNAVAILABLE", "We could not send the email just now. Try again in a few minutes.");
    throw error;
  }
});
