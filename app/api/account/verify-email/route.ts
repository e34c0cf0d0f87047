import { NextResponse } from "next/server";
import { z } from "zod";
import type { RedirectResponse } from "@/lib/accounts/serializers";
import { startSession } from "@/lib/auth/sign-in";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { verifyEmail } from "@/lib/identity/verification";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

const VerifyEmailSchema = z.object({
  token: z.string({ error: "The link is incomplete. Open it again from the email." }).min(20, "The link is incomplete. Open it again from the email.").max(200),
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200),
});

/** The emailed link's form: the token and the account's password confirm the address and sign in. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, VerifyEmailSchema, 10_000);
  const ip = clientIp(request.headers);
  const result = await verifyEmail(input.token, input.password, ip);
  if (!result.ok) {
    throw new AppError(result.code, result.message, {
      ...(result.field ? { field: result.field, fieldErrors: { [result.field]: result.message } } : {}),
      ...(result.retryAfterSeconds !== undefined ? { retryAfterSeconds: result.retryAfterSeconds } : {}),
    });
  }
  await startSession(result.user, ip, "email-verification");
  return NextResponse.json({ next: "done", redirectTo: "/terms", invitations: result.invitations } satisfies RedirectResponse & { invitations: number });
});
