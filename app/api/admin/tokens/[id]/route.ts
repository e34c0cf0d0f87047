import { NextResponse } from "next/server";
import { revokeAdminToken } from "@/lib/admin/mutations";
import { pathParam, UuidSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

export const DELETE = adminRoute<{ id: string }>(async (_request, { params, actor }) => {
  await revokeAdminToken(pathParam("id", UuidSchema, params.id), actor);
  return NextResponse.json({ ok: true });
});
