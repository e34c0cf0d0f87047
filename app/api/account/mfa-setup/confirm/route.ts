import { NextResponse } from "next/server";
import { ConfirmMfaSchema, confirmMfaSetup } from "@/lib/accounts/mfa-settings";
import { currentUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** Finishes turning MFA on with a code from the app; answers the recovery codes (shown once). */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to set up multifactor authentication.");
  const input = await readJson(request, ConfirmMfaSchema, 10_000);
  const result = await confirmMfaSetup(user.id, input.ticket, input.code, clientIp(request.headers));
  // An expired setup is not a field the user can correct: it is the form's message.
  if (!result.ok) throw new AppError("BAD_REQUEST", result.message, result.field === "code" ? { field: "code", fieldErrors: { code: result.message } } : {});
  return NextResponse.json({ recoveryCodes: result.recoveryCodes });
});
