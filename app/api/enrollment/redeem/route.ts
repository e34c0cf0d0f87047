import { NextResponse } from "next/server";
import { enrollWithAccessCode } from "@/lib/enrollment/mutations";
import { RedeemSchema } from "@/lib/enrollment/schema";
import type { RedeemedResponse } from "@/lib/enrollment/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** "Add": redeems an access code for the selected professional organization. */
// Get Access comes before the terms in seed 000's order (the portal then asks for them).
export const POST = sessionRoute({ doing: "add access", terms: false, body: RedeemSchema, maxBytes: 4_000 }, async ({ user, body, ip }) => {
  const result = await enrollWithAccessCode(user.id, body, ip);
  if (!result.ok) return result;
  return NextResponse.json(
    {
      organization: result.organization,
      position: result.position,
      message: `You now have access to ${result.organization.name} as ${result.position}.`,
    } satisfies RedeemedResponse,
    { status: 201 },
  );
});
