import { NextResponse } from "next/server";
import { unlockUser } from "@/lib/admin/mutations";
import { pathParam, UuidSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/** Clears a sign-in lock and the failure count. */
export const POST = adminRoute<{ id: string }>(async (_request, { params, actor }) => {
  await unlockUser(pathParam("id", UuidSchema, params.id), actor);
  return NextResponse.json({ ok: true });
});
