import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/api-gate";
import { AppError, type ErrorCode } from "@/lib/errors";
import { redeemAccessCode, type RedeemFailureReason } from "@/lib/enrollment/mutations";
import { RedeemSchema } from "@/lib/enrollment/schema";
import { throttleRedemption } from "@/lib/access/redeem-throttle";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

const FAILURE_STATUS: Record<RedeemFailureReason, ErrorCode> = {
  "unknown-organization": "NOT_FOUND",
  "invalid-code": "BAD_REQUEST",
  "wrong-organization": "BAD_REQUEST",
  "wrong-portal": "BAD_REQUEST",
  revoked: "BAD_REQUEST",
  expired: "BAD_REQUEST",
  exhausted: "CONFLICT",
  "already-enrolled": "CONFLICT",
  limit: "CONFLICT",
};

/** "Add": redeems an access code for the selected professional organization. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await requireApiUser("add access");
  const input = await readJson(request, RedeemSchema, 4_000);
  const ip = clientIp(request.headers);

  await throttleRedemption(user.id, ip, "hed");

  const result = await redeemAccessCode(user.id, input, ip);
  if (!result.ok) {
    throw new AppError(FAILURE_STATUS[result.reason], result.message, { field: result.field, fieldErrors: { [result.field]: result.message } });
  }
  return NextResponse.json(
    {
      organization: result.organization,
      position: result.position,
      message: `You now have access to ${result.organization.name} as ${result.position}.`,
    },
    { status: 201 },
  );
});
