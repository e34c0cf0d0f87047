import { NextResponse } from "next/server";
import { revokeAccessCode, updateAccessCode } from "@/lib/admin/mutations";
import { DiCodeSchema, pathParam, UpdateAccessCodeSchema, UuidSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";
import { readJson } from "@/lib/http/route";

export const runtime = "nodejs";

/** Sets or clears `expiresAt` / `maxRedemptions` of an active code. */
export const PATCH = adminRoute<{ diCode: string; id: string }>(async (request, { params, actor }) => {
  const diCode = pathParam("diCode", DiCodeSchema, params.diCode);
  const id = pathParam("id", UuidSchema, params.id);
  const input = await readJson(request, UpdateAccessCodeSchema, 5_000);
  return NextResponse.json({ accessCode: await updateAccessCode(diCode, id, input, actor) });
});

/** Revokes the code: it stops working at once; enrollments made with it stay. */
export const DELETE = adminRoute<{ diCode: string; id: string }>(async (_request, { params, actor }) => {
  const diCode = pathParam("diCode", DiCodeSchema, params.diCode);
  const id = pathParam("id", UuidSchema, params.id);
  return NextResponse.json({ accessCode: await revokeAccessCode(diCode, id, actor) });
});
