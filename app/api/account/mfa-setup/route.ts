import { NextResponse } from "next/server";
import { startMfaSetup } from "@/lib/accounts/mfa-settings";
import { currentUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** Starts turning MFA on: a new secret as QR code and text, and a ticket to confirm it with. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to set up multifactor authentication.");
  if (user.mfaEnabled) throw new AppError("CONFLICT", "Multifactor authentication is already on for this account.");
  return NextResponse.json(await startMfaSetup(user.id, user.email));
});
