import { NextResponse } from "next/server";
import { acceptTerms } from "@/lib/accounts/mutations";
import { AcceptTermsSchema } from "@/lib/accounts/schema";
import { K12_TERMS_VERSION } from "@/lib/accounts/constants";
import type { RedirectResponse } from "@/lib/accounts/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

export const POST = sessionRoute({ doing: "accept the terms of use", terms: false, body: AcceptTermsSchema, maxBytes: 2_000 }, async ({ user, body, ip }) => {
  await acceptTerms(user.id, body.version, ip);
  // Each portal has its own terms: the K-12 ones lead to the K-12 home.
  return NextResponse.json({ ok: true, redirectTo: body.version === K12_TERMS_VERSION ? "/k12" : "/dashboard" } satisfies RedirectResponse & { ok: true });
});
