import { NextResponse } from "next/server";
import { updateProfile } from "@/lib/accounts/profile";
import { ProfileSchema } from "@/lib/accounts/schema";
import { currentUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** View/Edit My Profile → Submit Changes. Any signed-in user (higher-ed or K-12), before or after the terms. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to edit your profile.");
  const input = await readJson(request, ProfileSchema, 4_000);
  await updateProfile(user.id, input, clientIp(request.headers));
  return NextResponse.json({ ok: true, message: "Your profile has been updated." });
});
