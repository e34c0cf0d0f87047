import { NextResponse } from "next/server";
import { MfaStepSchema, safeCallbackUrl } from "@/lib/accounts/schema";
import { INVALID_CREDENTIALS, recordFailure } from "@/lib/auth/credentials";
import { lockMessage } from "@/lib/auth/lockout";
import { consumeRecoveryCode, verifyTotp } from "@/lib/auth/mfa";
import { startSession } from "@/lib/auth/sign-in";
import { verifyToken } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** Step 2 of signing in when MFA is on: a code from the authenticator app or a recovery code. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, MfaStepSchema, 10_000);
  const ip = clientIp(request.headers);
  const pending = verifyToken<{ uid: string; exp: number }>("mfa-pending", input.ticket);
  if (!pending) throw new AppError("UNAUTHENTICATED", "Your sign-in took too long. Enter your email and password again.");
  const user = await prisma.user.findUnique({
    where: { id: pending.uid },
    select: { id: true, email: true, mfaSecret: true, sessionVersion: true, lockedUntil: true },
  });
  if (!user?.mfaSecret) throw new AppError("UNAUTHENTICATED", INVALID_CREDENTIALS);
  const now = new Date();
  if (user.lockedUntil && user.lockedUntil > now) throw new AppError("LOCKED", lockMessage(user.lockedUntil, now));

  const code = input.code.trim();
  const ok = /^\d{6}$/.test(code) ? verifyTotp(user.mfaSecret, code) : await consumeRecoveryCode(user.id, code);
  if (!ok) {
    const failure = await recordFailure(user.id, user.email, ip, "portal", now);
    if (!failure.ok && failure.reason === "locked") throw new AppError("LOCKED", failure.message);
    throw new AppError("UNAUTHENTICATED", "That code is not valid. Enter the current code from your authenticator app, or a recovery code.", { field: "code" });
  }
  await prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lastSignInAt: now } });
  await startSession(user, ip, /^\d{6}$/.test(code) ? "totp" : "recovery-code");
  return NextResponse.json({ next: "done", redirectTo: safeCallbackUrl(input.callbackUrl) });
});
