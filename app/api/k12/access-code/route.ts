import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import type { SchoolCodeRedeemed } from "@/lib/k12/serializers";
import { setOrganizationCookie } from "@/lib/k12/gate";
import { enrollWithSchoolCode } from "@/lib/k12/mutations";
import { RedeemCodeSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** Redeems the school access code a principal shared: school administrator access. */
export const POST = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", terms: "k12", body: RedeemCodeSchema, maxBytes: 2_000 },
  async ({ request, user, body, ip }) => {
    const result = await enrollWithSchoolCode(user.id, body.code, body.position, ip);
    if (!result.ok) return result;
    const response = NextResponse.json(
      {
        organizationId: result.organizationId,
        message: `You now have school administrator access to ${result.schoolName}.`,
        redirectTo: "/k12",
      } satisfies SchoolCodeRedeemed,
      { status: 201 },
    );
    return setOrganizationCookie(response, request, user.id, result.organizationId);
  },
);
