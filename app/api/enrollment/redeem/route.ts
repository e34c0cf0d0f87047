import { NextResponse } from "next/server";
import { audit } from "@/lib/audit";
import { requireApiUser } from "@/lib/auth/api-gate";
import { AppError, type ErrorCode } from "@/lib/errors";
import { redeemAccessCode, type RedeemFailureReason } from "@/lib/enrollment/mutations";
import { REDEEM_LIMITS, RedeemSchema } from "@/lib/enrollment/schema";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { hitRateLimit } from "@/lib/rate-limit";

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
  // Get Access comes before the terms in seed 000's order (the portal then asks for them).
  const user = await requireApiUser("add access", { terms: false });
  const input = await readJson(request, RedeemSchema, 4_000);
  const ip = clientIp(request.headers);

  // Every attempt counts, so neither one account nor one address can guess codes.
  const [byUser, byIp] = await Promise.all([
    hitRateLimit(`redeem-user:${user.id}`, REDEEM_LIMITS.perUser.limit, REDEEM_LIMITS.perUser.windowSeconds),
    hitRateLimit(`redeem-ip:${ip}`, REDEEM_LIMITS.perIp.limit, REDEEM_LIMITS.perIp.windowSeconds),
  ]);
  if (!byUser.allowed || !byIp.allowed) {
    // Recorded once per window, when the limit is first crossed, so a flood cannot flood the log.
    if (byUser.count === REDEEM_LIMITS.perUser.limit + 1 || byIp.count === REDEEM_LIMITS.perIp.limit + 1) {
      await audit({ actorType: "user", actorUserId: user.id, action: "access-code.rejected", ip, details: { reason: "rate-limited" } });
    }
    const retryAfterSeconds = Math.max(byUser.allowed ? 0 : byUser.retryAfterSeconds, byIp.allowed ? 0 : byIp.retryAfterSeconds);
    throw new AppError("RATE_LIMITED", `Too many access code attempts. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, { retryAfterSeconds });
  }

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
