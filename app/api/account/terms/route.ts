import { NextResponse } from "next/server";
import { z } from "zod";
import { acceptTerms } from "@/lib/accounts/mutations";
import { currentUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { CURRENT_TERMS_VERSION, K12_TERMS_VERSION } from "@/lib/terms";

export const runtime = "nodejs";

const AcceptSchema = z.object({
  // The higher-ed terms or the K-12 terms: each portal has its own.
  version: z.literal([CURRENT_TERMS_VERSION, K12_TERMS_VERSION], { error: "These terms have changed; reload the page to read the current version." }),
  accept: z.literal(true, { error: "Check the box to accept the terms of use." }),
});

export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to accept the terms of use.");
  const input = await readJson(request, AcceptSchema, 2_000);
  await acceptTerms(user.id, input.version, clientIp(request.headers));
  return NextResponse.json({ ok: true, redirectTo: input.version === K12_TERMS_VERSION ? "/k12" : "/dashboard" });
});
