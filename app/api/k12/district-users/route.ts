import { NextResponse } from "next/server";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { currentDistrictWindowStartYear, districtWindowLabel } from "@/lib/k12/calendar";
import { authorizeK12 } from "@/lib/k12/gate";
import { authorizeDistrictUser } from "@/lib/k12/mutations";
import { refusalError } from "@/lib/k12/refusal";
import { AuthorizeDistrictUserSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** The superintendent authorizes a district administrator for the current August–July window. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const { user, current } = await authorizeK12("k12:manage-staff");
  const input = await readJson(request, AuthorizeDistrictUserSchema, 1_000);
  const startYear = currentDistrictWindowStartYear();
  const result = await authorizeDistrictUser(user, current, input.email, startYear);
  if (!result.ok) throw refusalError(result);
  return NextResponse.json({ message: `${input.email} has district access for ${districtWindowLabel(startYear)}.` }, { status: 201 });
});
