import { NextResponse } from "next/server";
import { DisableMfaSchema, disableMfa } from "@/lib/accounts/mfa-settings";
import { currentUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** Turns MFA off after the password, a current code or a recovery code. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to change multifactor authentication.");
  const input = await readJson(request, DisableMfaSchema, 10_000);
  const result = await disableMfa(user.id, input.proof, clientIp(request.headers));
  if (!result.ok) {
    throw new AppError(result.retryAfterSeconds ? "RATE_LIMITED" : "BAD_REQUEST", result.message, {
      field: "proof",
      fieldErrors: { proof: result.message },
      ...(result.retryAfterSeconds ? { retryAfterSeconds: result.retryAfterSeconds } : {}),
    });
  }
  return NextResponse.json({ ok: true, message: "Multifactor authentication is off." });
});
