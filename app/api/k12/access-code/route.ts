import { NextResponse } from "next/server";
import { throttleRedemption } from "@/lib/access/redeem-throttle";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
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
  const ip = clientIp(request.headers);
  await throttleRedemption(user.id, ip, "k12");
  const result = await redeemSchoolCode(user.id, input.code, input.position, ip);
  if (!result.ok) throw refusalError(result);
  const response = NextResponse.json({ organizationId: result.organizationId, message: `You now have school administrator access to ${result.schoolName}.`, redirectTo: "/k12" }, { status: 201 });
  response.cookies.set(K12_ORG_COOKIE, organizationCookieValue(user.id, result.organizationId), { httpOnly: true, sameSite: "lax", path: "/", secure: new URL(request.url).protocol === "https:" });
  return response;
});
