import { NextResponse } from "next/server";
import { createInstitution } from "@/lib/institutions/mutations";
import { listInstitutions } from "@/lib/institutions/queries";
import { CreateInstitutionSchema, InstitutionSearchSchema } from "@/lib/institutions/schema";
import { adminRoute } from "@/lib/http/admin-route";
import type { InstitutionSaved } from "@/lib/institutions/serializers";

export const runtime = "nodejs";

/** `?q=` part of the name or the start of the DI code; `&zip=` narrows by ZIP. */
export const GET = adminRoute({ query: InstitutionSearchSchema }, async ({ query }) => NextResponse.json({ institutions: await listInstitutions(query) }));

/** 201 with the institution; 409 when the DI code is taken. */
export const POST = adminRoute({ body: CreateInstitutionSchema, maxBytes: 20_000 }, async ({ body, actor }) =>
  NextResponse.json({ institution: await createInstitution(body, actor) } satisfies InstitutionSaved, { status: 201 }),
);
