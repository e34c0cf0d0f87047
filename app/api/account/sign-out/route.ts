import { NextResponse } from "next/server";
import { auth } from "@/lib/auth/nextauth";
import { endSession } from "@/lib/auth/sign-in";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, route } from "@/lib/http/route";

export const runtime = "nodejs";

export const POST = route(async (request) => {
  assertSameOrigin(request);
  const session = await auth();
  await endSession(session?.user?.id ?? null, clientIp(request.headers));
  return NextResponse.json({ next: "done", redirectTo: "/signin?signedOut=1" });
});
