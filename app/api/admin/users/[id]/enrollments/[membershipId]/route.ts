import { NextResponse } from "next/server";
import { z } from "zod";
import { removeEnrollment } from "@/lib/admin/mutations";
import { UuidSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

export const DELETE = adminRoute({ params: z.object({ id: UuidSchema, membershipId: UuidSchema }) }, async ({ params, actor }) => {
  await removeEnrollment(params.id, params.membershipId, actor);
  return NextResponse.json({ ok: true });
});
