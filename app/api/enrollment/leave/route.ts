import { NextResponse } from "next/server";
import { leaveInstitution } from "@/lib/enrollment/mutations";
import { LeaveSchema } from "@/lib/enrollment/schema";
import type { LeftResponse } from "@/lib/enrollment/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** Leaves an institution (the user's own APOSRD HED Admin role there). */
export const POST = sessionRoute({ doing: "change your access", terms: false, body: LeaveSchema, maxBytes: 2_000 }, async ({ user, body, ip }) => {
  const result = await leaveInstitution(user.id, body.organizationId, ip);
  if (!result.ok) return result;
  return NextResponse.json({ message: `You no longer have access to ${result.organizationName}.` } satisfies LeftResponse);
});
