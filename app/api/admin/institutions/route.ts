import { NextResponse } from "next/server";
import { createInstitution } from "@/lib/admin/mutations";
import { listInstitutions } from "@/lib/admin/queries";
import { CreateInstitutionSchema, InstitutionSearchSchema } from "@/lib/admin/schema";
import { adminRoute } from "@/lib/http/admin-route";
import { readJson, readQuery } from "@/lib/http/route";

export const runtime = "nodejs";

/** `?q=` part of the name or the start of the DI code; `&zip=` narrows by ZIP. */
export const GET = adminRoute(async (request) => {
  const search = readQuery(request, InstitutionSearchSchema);
  return NextResponse.json({ institutions: await listInstitutions(search) });
});

/** 201 with the institution; 409 when the DI code is taken. */
export const POST = adminRoute(async (request, { actor }) => {
  const input = await readJson(request, CreateInstitutionSchema, 20_000);
  return NextResponse.json({ institution: await createInstitution(input, actor) }, { status: 201 });
});
