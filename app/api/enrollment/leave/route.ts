import { NextResponse } from "next/server";
import { currentUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { leaveInstitution } from "@/lib/enrollment/mutations";
import { LeaveSchema } from "@/lib/enrollment/schema";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** Leaves an institution (the user's own APOSRD HED Admin role there). */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to change your access.");
  const input = await readJson(request, LeaveSchema, 2_000);
  const result = await leaveInstitution(user.id, input.organizationId, clientIp(request.headers));
  if (!result.ok) throw new AppError("NOT_FOUND", result.message);
  return NextResponse.json({ message: `You no longer have access to ${result.organizationName}.` });
});
