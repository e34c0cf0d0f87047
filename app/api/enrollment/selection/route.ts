import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/auth/api-gate";
import { authorizeInstitution } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { selectInstitution } from "@/lib/enrollment/mutations";
import { SelectInstitutionSchema } from "@/lib/enrollment/schema";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** The institution switcher: remembers which of the user's institutions the portal shows. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await requireApiUser("choose an institution");
  const input = await readJson(request, SelectInstitutionSchema, 2_000);
  // Only an institution the user holds a role at can be selected; anything else is a 403.
  const institution = await authorizeInstitution(user.id, "bulk:download", { id: input.organizationId });
  await selectInstitution(user.id, institution.id);
  return NextResponse.json({ institution: { id: institution.id, name: institution.name, diCode: institution.diCode } });
});
