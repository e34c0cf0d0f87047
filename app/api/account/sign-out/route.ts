import { NextResponse } from "next/server";
import type { RedirectResponse } from "@/lib/accounts/serializers";
import { endCurrentSession } from "@/lib/auth/sign-in";
import { publicRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

export const POST = publicRoute({}, async ({ ip }) => {
  await endCurrentSession(ip);
  return NextResponse.json({ next: "done", redirectTo: "/signin?signedOut=1" } satisfies RedirectResponse);
});
