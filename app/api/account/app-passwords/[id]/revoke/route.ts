import { NextResponse } from "next/server";
import { revokeAppPassword } from "@/lib/accounts/app-passwords";
import { currentUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** Revokes one of the signed-in user's app passwords (others' ids are simply not found). */
export const POST = route<{ id: string }>(async (request, context) => {
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to manage app passwords.");
  const { id } = await context.params;
  if (!(await revokeAppPassword(user.id, id, clientIp(request.headers)))) throw new AppError("NOT_FOUND", "That app password does not exist or is already revoked.");
  return NextResponse.json({ ok: true, message: "The app password is revoked; scripts using it can no longer sign in." });
});
