import { NextResponse } from "next/server";
import { SignUpSchema } from "@/lib/accounts/schema";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { signUp } from "@/lib/identity/verification";
import { hitRateLimit } from "@/lib/rate-limit";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/**
 * Creating an account signs nobody in: the account is usable once its owner opens the link
 * emailed to the address. The answer is the same whether or not the address already has an
 * account (its owner gets an email instead), so sign-up reveals no one's account.
 */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, SignUpSchema, 20_000);
  const ip = clientIp(request.headers);
  const limit = await hitRateLimit(`sign-up-ip:${ip}`, 20, 3600);
  if (!limit.allowed) {
    throw new AppError("RATE_LIMITED", "Too many accounts created from your network. Try again later.", { retryAfterSeconds: limit.retryAfterSeconds });
  }
  await signUp(input, ip);
  return NextResponse.json({ next: "verify-email", redirectTo: "/check-email?sent=1" }, { status: 202 });
});
