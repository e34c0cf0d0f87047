import { NextResponse } from "next/server";
import { z } from "zod";
import type { RedirectResponse } from "@/lib/accounts/serializers";
import { startSession } from "@/lib/auth/sign-in";
import { publicRoute } from "@/lib/http/session-route";
import { verifyEmail } from "@/lib/identity/verification";

export const runtime = "nodejs";

const VerifyEmailSchema = z.object({
  token: z.string({ error: "The link is incomplete. Open it again from the email." }).min(20, "The link is incomplete. Open it again from the email.").max(200),
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200),
});

/** The emailed link's form: the token and the account's password confirm the address and sign in. */
export const POST = publicRoute({ body: VerifyEmailSchema, maxBytes: 10_000 }, async ({ body, ip }) => {
  const result = await verifyEmail(body.token, body.password, ip);
  if (!result.ok) return result.field ? { ...result, fieldErrors: { [result.field]: result.message } } : result;
  await startSession(result.user, ip, "email-verification");
  return NextResponse.json({ next: "done", redirectTo: "/terms", invitations: result.invitations } satisfies RedirectResponse & { invitations: number });
});
