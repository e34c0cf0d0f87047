import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { hitRateLimit } from "@/lib/rate-limit";
import { K12_ORG_COOKIE, organizationCookieValue, requireK12ApiUser } from "@/lib/k12/gate";
import { redeemSchoolCode } from "@/lib/k12/mutations";
import { refusalError } from "@/lib/k12/refusal";
import { RedeemCodeSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** Redeems the school access code a principal shared: school administrator access. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await requireK12ApiUser();
  const input = await readJson(request, RedeemCodeSchema, 2_000);
  const limit = await hitRateLimit(`k12-redeem-user:${user.id}`, 10, 3600);
  if (!limit.allowed) throw new AppError("RATE_LIMITED", "Too many access code attempts. Try again later.", { retryAfterSeconds: limit.retryAfterSeconds });
  const result = await redeemSchoolCode(user.id, input.code, input.position, clientIp(request.headers));
  if (!result.ok) throw refusalError(result);
  const response = NextResponse.json({ organizationId: result.organizationId, message: `You now have school administrator access to ${result.schoolName}.`, redirectTo: "/k12" }, { status: 201 });
  response.cookies.set(K12_ORG_COOKIE, organizationCookieValue(user.id, result.organizationId), { httpOnly: true, sameSite: "lax", path: "/", secure: new URL(request.url).protocol === "https:" });
  return response;
});
