import { NextResponse } from "next/server";
import { unlockUser } from "@/lib/accounts/mutations";
import { IdParamsSchema } from "@/lib/accounts/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/** Clears a sign-in lock and the failure count. */
export const POST = adminRoute({ params: IdParamsSchema }, async ({ params, actor }) => {
  await unlockUser(params.id, actor);
  return NextResponse.json({ ok: true });
});
