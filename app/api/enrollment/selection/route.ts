import { NextResponse } from "next/server";
import { selectInstitution } from "@/lib/enrollment/mutations";
import { SelectInstitutionSchema } from "@/lib/enrollment/schema";
import type { SelectionResponse } from "@/lib/enrollment/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** The institution switcher: remembers which of the user's institutions the portal shows. */
export const POST = sessionRoute(
  // Only an institution the user holds a role at can be selected; anything else is a 403.
  {
    doing: "choose an institution",
    permission: "bulk:download",
    body: SelectInstitutionSchema,
    maxBytes: 2_000,
    institution: ({ body }) => body.organizationId,
  },
  async ({ user, institution }) => {
    await selectInstitution(user.id, institution.id);
    return NextResponse.json({ institution: { id: institution.id, name: institution.name, diCode: institution.diCode } } satisfies SelectionResponse);
  },
);
