import { NextResponse } from "next/server";
import { getUserDetail } from "@/lib/admin/queries";
import { pathParam, UuidSchema } from "@/lib/admin/schema";
import { AppError } from "@/lib/errors";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

export const GET = adminRoute<{ id: string }>(async (_request, { params }) => {
  const user = await getUserDetail(pathParam("id", UuidSchema, params.id));
  if (!user) throw new AppError("NOT_FOUND", "No such user.");
  return NextResponse.json({ user });
});
