import { NextResponse } from "next/server";
import { rotateAccessCode } from "@/lib/admin/mutations";
import { DiCodeSchema, pathParam, RotateAccessCodeSchema, UuidSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";
import { readJson } from "@/lib/http/route";

export const runtime = "nodejs";

/** Revokes the code and issues its replacement in one step: 201 with the new code, shown once. */
export const POST = adminRoute<{ diCode: string; id: string }>(async (request, { params, actor }) => {
  const diCode = pathParam("diCode", DiCodeSchema, params.diCode);
  const id = pathParam("id", UuidSchema, params.id);
  const input = await readJson(request, RotateAccessCodeSchema, 5_000);
  return NextResponse.json({ accessCode: await rotateAccessCode(diCode, id, input, actor) }, { status: 201 });
});
