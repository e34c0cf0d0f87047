import { NextResponse } from "next/server";
import { removeEnrollment } from "@/lib/admin/mutations";
import { pathParam, UuidSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

export const DELETE = adminRoute<{ id: string; membershipId: string }>(async (_request, { params, actor }) => {
  await removeEnrollment(pathParam("id", UuidSchema, params.id), pathParam("membershipId", UuidSchema, params.membershipId), actor);
  return NextResponse.json({ ok: true });
});
