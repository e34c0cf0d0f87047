import { NextResponse } from "next/server";
import { revokeAdminToken } from "@/lib/admin-tokens/mutations";
import { IdParamsSchema } from "@/lib/accounts/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

export const DELETE = adminRoute({ params: IdParamsSchema }, async ({ params, actor }) => {
  await revokeAdminToken(params.id, actor);
  return NextResponse.json({ ok: true });
});
