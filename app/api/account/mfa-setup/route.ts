import { NextResponse } from "next/server";
import { startMfaSetup } from "@/lib/accounts/mutations";
import type { MfaSetupResponse } from "@/lib/accounts/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** Starts turning MFA on: a new secret as QR code and text, and a ticket to confirm it with. */
export const POST = sessionRoute({ doing: "set up multifactor authentication", terms: false }, async ({ user }) => {
  const result = await startMfaSetup(user);
  if (!result.ok) return result;
  const { ok: _ok, ...setup } = result;
  return NextResponse.json(setup satisfies MfaSetupResponse);
});
