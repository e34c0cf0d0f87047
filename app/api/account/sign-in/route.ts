import { NextResponse } from "next/server";
import { SignInSchema, safeCallbackUrl } from "@/lib/accounts/schema";
import { checkPassword } from "@/lib/auth/credentials";
import { startSession } from "@/lib/auth/sign-in";
import { signToken } from "@/lib/crypto";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** Step 1 of signing in: email and password. Answers with where to go next, or the MFA step. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, SignInSchema, 10_000);
  const ip = clientIp(request.headers);
  const result = await checkPassword(input.email, input.password, ip, "portal");
  if (!result.ok) {
    throw new AppError(result.reason === "locked" ? "LOCKED" : "UNAUTHENTICATED", result.message, {
      ...(result.retryAfterSeconds !== undefined ? { retryAfterSeconds: result.retryAfterSeconds } : {}),
    });
  }
  const redirectTo = safeCallbackUrl(input.callbackUrl);
  if (result.user.mfaEnabled) {
    const ticket = signToken("mfa-pending", { uid: result.user.id, exp: Math.floor(Date.now() / 1000) + 300 });
    return NextResponse.json({ next: "mfa", ticket, redirectTo });
  }
  await startSession(result.user, ip, "password");
  return NextResponse.json({ next: "done", redirectTo });
});
