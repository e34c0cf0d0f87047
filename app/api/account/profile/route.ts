import { NextResponse } from "next/server";
import { updateProfile } from "@/lib/accounts/profile";
import { ProfileSchema } from "@/lib/accounts/schema";
import type { MessageResponse } from "@/lib/accounts/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** View/Edit My Profile → Submit Changes. Any signed-in user (higher-ed or K-12), before or after the terms. */
export const POST = sessionRoute({ doing: "edit your profile", terms: false, body: ProfileSchema, maxBytes: 4_000 }, async ({ user, body, ip }) => {
  await updateProfile(user.id, body, ip);
  return NextResponse.json({ ok: true, message: "Your profile has been updated." } satisfies MessageResponse);
});
