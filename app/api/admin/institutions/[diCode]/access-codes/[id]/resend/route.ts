import { NextResponse } from "next/server";
import { resendAccessCode } from "@/lib/access-codes/delivery";
import { AccessCodeParamsSchema } from "@/lib/access-codes/schema";
import type { AccessCodeResent } from "@/lib/access-codes/serializers";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/**
 * Emails an active code again to the institution's primary contact: 200 with `delivery`
 * (to whom, when). 409 when the code is revoked, predates resending, or the institution has no
 * contact email; 503 when the mail server refused (the failure is recorded).
 */
export const POST = adminRoute({ params: AccessCodeParamsSchema }, async ({ params, actor }) => {
  const result = await resendAccessCode(params.diCode, params.id, actor);
  if (!result.ok) return result;
  return NextResponse.json({ delivery: result.delivery } satisfies AccessCodeResent);
});
