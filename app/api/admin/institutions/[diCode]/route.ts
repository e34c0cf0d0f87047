import { NextResponse } from "next/server";
import { updateInstitution } from "@/lib/admin/mutations";
import { getInstitution } from "@/lib/admin/queries";
import { DiCodeSchema, pathParam, UpdateInstitutionSchema } from "@/lib/admin/schema";
import { AppError } from "@/lib/errors";
import { adminRoute } from "@/lib/http/admin-route";
import { readJson } from "@/lib/http/route";

export const runtime = "nodejs";

export const GET = adminRoute<{ diCode: string }>(async (_request, { params }) => {
  const diCode = pathParam("diCode", DiCodeSchema, params.diCode);
  const institution = await getInstitution(diCode);
  if (!institution) throw new AppError("NOT_FOUND", `No institution has DI code ${diCode}.`);
  return NextResponse.json({ institution });
});

export const PATCH = adminRoute<{ diCode: string }>(async (request, { params, actor }) => {
  const diCode = pathParam("diCode", DiCodeSchema, params.diCode);
  const input = await readJson(request, UpdateInstitutionSchema, 20_000);
  return NextResponse.json({ institution: await updateInstitution(diCode, input, actor) });
});
