import { NextResponse } from "next/server";
import { getUserDetail, USER_NOT_FOUND } from "@/lib/accounts/queries";
import { IdParamsSchema } from "@/lib/accounts/schema";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

export const GET = adminRoute({ params: IdParamsSchema }, async ({ params }) => {
  const user = await getUserDetail(params.id);
  if (!user) return USER_NOT_FOUND;
  return NextResponse.json({ user });
});
