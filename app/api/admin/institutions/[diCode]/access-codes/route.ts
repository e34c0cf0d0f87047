import { NextResponse } from "next/server";
import { issueAccessCode } from "@/lib/admin/mutations";
import { getInstitution } from "@/lib/admin/queries";
import { DiCodeSchema, IssueAccessCodeSchema, pathParam } from "@/lib/admin/schema";
import { AppError } from "@/lib/errors";
import { adminRoute } from "@/lib/http/admin-route";
import { readJson } from "@/lib/http/route";

export const runtime = "nodejs";

/** The institution's codes (hints only: a code is shown in full once, when issued). */
export const GET = adminRoute<{ diCode: string }>(async (_request, { params }) => {
  const diCode = pathParam("diCode", DiCodeSchema, params.diCode);
  const institution = await getInstitution(diCode);
  if (!institution) throw new AppError("NOT_FOUND", `No institution has DI code ${diCode}.`);
  return NextResponse.json({ accessCodes: institution.accessCodes });
});

/** Issues a code: 201 with `accessCode.code`, the only time the code is shown. */
export const POST = adminRoute<{ diCode: string }>(async (request, { params, actor }) => {
  const diCode = pathParam("diCode", DiCodeSchema, params.diCode);
  const input = await readJson(request, IssueAccessCodeSchema, 5_000);
  return NextResponse.json({ accessCode: await issueAccessCode(diCode, input, actor) }, { status: 201 });
});
