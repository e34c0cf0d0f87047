import { NextResponse } from "next/server";
import { createAccount } from "@/lib/accounts/mutations";
import { SignUpSchema } from "@/lib/accounts/schema";
import { startSession } from "@/lib/auth/sign-in";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { hitRateLimit } from "@/lib/rate-limit";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, SignUpSchema, 20_000);
  const ip = clientIp(request.headers);
  const limit = await hitRateLimit(`sign-up-ip:${ip}`, 20, 3600);
  if (!limit.allowed) {
    throw new AppError("RATE_LIMITED", "Too many accounts created from your network. Try again later.", { retryAfterSeconds: limit.retryAfterSeconds });
  }
  const result = await createAccount(input, ip);
  if (!result.ok) throw new AppError("CONFLICT", result.message, { field: result.field, fieldErrors: { [result.field]: result.message } });
  await startSession({ id: result.userId, email: input.email, sessionVersion: 0 }, ip, "sign-up");
  return NextResponse.json({ next: "done", redirectTo: "/dashboard" }, { status: 201 });
});
