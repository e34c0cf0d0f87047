import { NextResponse } from "next/server";
import { acceptTerms } from "@/lib/accounts/mutations";
import { AcceptTermsSchema } from "@/lib/accounts/schema";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

export const POST = sessionRoute({ doing: "accept the terms of use", terms: false, body: AcceptTermsSchema, maxBytes: 2_000 }, async ({ user, body, ip }) => {
  await acceptTerms(user.id, body.version, ip);
  return NextResponse.json({ ok: true, redirectTo: "/dashboard" });
});
