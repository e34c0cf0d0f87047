import { NextResponse } from "next/server";
import { ChangePasswordSchema } from "@/lib/accounts/schema";
import { changePasswordKeepingSession } from "@/lib/auth/sign-in";
import type { MessageResponse } from "@/lib/accounts/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** Changes the password; other sessions end, this one continues with a fresh cookie. */
export const POST = sessionRoute(
  { doing: "change your password", terms: false, passwordCurrent: false, body: ChangePasswordSchema },
  async ({ user, body, ip }) => {
    const result = await changePasswordKeepingSession(user, body, ip);
    if (!result.ok) return result;
    const appPasswords = result.revokedAppPasswords
      ? ` Your ${result.revokedAppPasswords === 1 ? "app password was" : `${result.revokedAppPasswords} app passwords were`} revoked: create new ones for your web-service scripts.`
      : "";
    return NextResponse.json({
      ok: true,
      message: `Your password has been changed. Other sessions have been signed out.${appPasswords}`,
    } satisfies MessageResponse);
  },
);
