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
  // One answer whether the access was granted at once or waits as an invitation: the form does not reveal who has an account.
  return NextResponse.json(
    {
      message: `${input.email} has district access for ${districtWindowLabel(startYear)}. If the address has no confirmed educator account yet, the access waits and starts as soon as its owner confirms the address (we emailed them).`,
    },
    { status: 201 },
  );
});
