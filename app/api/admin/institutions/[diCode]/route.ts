import { NextResponse } from "next/server";
import { updateInstitution } from "@/lib/institutions/mutations";
import { getInstitution, institutionNotFound } from "@/lib/institutions/queries";
import { InstitutionParamsSchema, UpdateInstitutionSchema } from "@/lib/institutions/schema";
import { adminRoute } from "@/lib/http/admin-route";
import type { InstitutionSaved } from "@/lib/institutions/serializers";

export const runtime = "nodejs";

export const GET = adminRoute({ params: InstitutionParamsSchema }, async ({ params }) => {
  const institution = await getInstitution(params.diCode);
  if (!institution) return institutionNotFound(params.diCode);
  return NextResponse.json({ institution });
});

export const PATCH = adminRoute({ params: InstitutionParamsSchema, body: UpdateInstitutionSchema, maxBytes: 20_000 }, async ({ params, body, actor }) =>
  NextResponse.json({ institution: await updateInstitution(params.diCode, body, actor) } satisfies InstitutionSaved),
);
