import { NextResponse } from "next/server";
import { issueAccessCode } from "@/lib/access-codes/mutations";
import { getInstitution, institutionNotFound } from "@/lib/institutions/queries";
import { InstitutionParamsSchema } from "@/lib/institutions/schema";
import { IssueAccessCodeSchema } from "@/lib/access-codes/schema";
import type { AccessCodeIssued } from "@/lib/access-codes/serializers";
import { adminRoute } from "@/lib/http/admin-route";

export const runtime = "nodejs";

/** The institution's codes (hints only: a code is shown in full once, when issued). */
export const GET = adminRoute({ params: InstitutionParamsSchema }, async ({ params }) => {
  const institution = await getInstitution(params.diCode);
  if (!institution) return institutionNotFound(params.diCode);
  return NextResponse.json({ accessCodes: institution.accessCodes });
});

/** Issues a code: 201 with `accessCode.code`, the only time the code is shown. */
export const POST = adminRoute({ params: InstitutionParamsSchema, body: IssueAccessCodeSchema, maxBytes: 5_000 }, async ({ params, body, actor }) =>
  NextResponse.json({ accessCode: await issueAccessCode(params.diCode, body, actor) } satisfies AccessCodeIssued, { status: 201 }),
);
