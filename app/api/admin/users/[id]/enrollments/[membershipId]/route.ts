import { NextResponse } from "next/server";
import { removeEnrollment } from "@/lib/accounts/mutations";
import { EnrollmentParamsSchema } from "@/lib/accounts/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

export const DELETE = adminRoute({ params: EnrollmentParamsSchema }, async ({ params, actor }) => {
  await removeEnrollment(params.id, params.membershipId, actor);
  return NextResponse.json({ ok: true });
});
