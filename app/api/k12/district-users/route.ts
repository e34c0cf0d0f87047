import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import type { K12Message } from "@/lib/k12/serializers";
import { currentDistrictWindowStartYear, districtWindowLabel } from "@/lib/k12/rules";
import { authorizeDistrictUser } from "@/lib/k12/mutations";
import { AuthorizeDistrictUserSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** The superintendent authorizes a district administrator for the current August–July window. */
export const POST = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", permission: "k12:manage-staff", body: AuthorizeDistrictUserSchema, maxBytes: 1_000 },
  async ({ user, k12: { current }, body }) => {
    const startYear = currentDistrictWindowStartYear();
    const result = await authorizeDistrictUser(user, current, body.email, startYear);
    if (!result.ok) return result;
    // One answer whether the access was granted at once or waits as an invitation: the form does not reveal who has an account.
    return NextResponse.json(
      {
        message: `${body.email} has district access for ${districtWindowLabel(startYear)}. If the address has no confirmed educator account yet, the access waits and starts as soon as its owner confirms the address (we emailed them).`,
      } satisfies K12Message,
      { status: 201 },
    );
  },
);
