import { NextResponse } from "next/server";
import { SignUpSchema } from "@/lib/accounts/schema";
import { SIGN_UP_RATE_LIMIT, signUp } from "@/lib/auth/sign-in";
import { publicRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

export const POST = publicRoute({ body: SignUpSchema, maxBytes: 20_000, rateLimit: SIGN_UP_RATE_LIMIT }, async ({ body, ip }) => {
  const result = await signUp(body, ip);
  if (!result.ok) return result;
  return NextResponse.json({ next: "done", redirectTo: "/dashboard" }, { status: 201 });
});
