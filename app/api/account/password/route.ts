import { NextResponse } from "next/server";
import { changePassword } from "@/lib/accounts/mutations";
import { ChangePasswordSchema } from "@/lib/accounts/schema";
import { currentUser } from "@/lib/auth/gate";
import { startSession } from "@/lib/auth/sign-in";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** Changes the password; other sessions end, this one continues with a fresh cookie. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to change your password.");
  const input = await readJson(request, ChangePasswordSchema, 10_000);
  const ip = clientIp(request.headers);
  const result = await changePassword(user.id, input.currentPassword, input.newPassword, ip);
  if (!result.ok) throw new AppError("BAD_REQUEST", result.message, { field: result.field, fieldErrors: { [result.field]: result.message } });
  await startSession({ id: user.id, email: user.email, sessionVersion: result.sessionVersion }, ip, "password-change");
  return NextResponse.json({ ok: true, message: "Your password has been changed. Other sessions have been signed out." });
});
