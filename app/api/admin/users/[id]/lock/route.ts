import { NextResponse } from "next/server";
import { lockUser } from "@/lib/accounts/mutations";
import { IdParamsSchema } from "@/lib/accounts/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/** An administrator's explicit lock: ends every session and token; lifted only by Unlock Account. */
export const POST = adminRoute({ params: IdParamsSchema }, async ({ params, actor }) => {
  await lockUser(params.id, actor);
  return NextResponse.json({ ok: true });
});
