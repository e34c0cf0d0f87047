import { NextResponse } from "next/server";
import { z } from "zod";
import { APP_PASSWORD_NOT_FOUND, revokeAppPassword } from "@/lib/accounts/mutations";
import type { MessageResponse } from "@/lib/accounts/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** Revokes one of the signed-in user's app passwords (others' ids are simply not found). */
export const POST = sessionRoute({ doing: "manage app passwords", terms: false, params: z.object({ id: z.string() }) }, async ({ user, params, ip }) => {
  if (!(await revokeAppPassword(user.id, params.id, ip))) return APP_PASSWORD_NOT_FOUND;
  return NextResponse.json({ ok: true, message: "The app password is revoked; scripts using it can no longer sign in." } satisfies MessageResponse);
});
