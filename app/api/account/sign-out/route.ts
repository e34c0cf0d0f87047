import { NextResponse } from "next/server";
import type { RedirectResponse } from "@/lib/accounts/serializers";
import { endCurrentSession } from "@/lib/auth/sign-in";
import { publicRoute } from "@/lib/http/session-route";
import { forgetOrganizationCookie } from "@/lib/k12/gate";

export const runtime = "nodejs";

export const POST = publicRoute({}, async ({ ip }) => {
  await endCurrentSession(ip);
  return forgetOrganizationCookie(NextResponse.json({ next: "done", redirectTo: "/signin?signedOut=1" } satisfies RedirectResponse));
});
