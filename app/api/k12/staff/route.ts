import { NextResponse } from "next/server";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { authorizeK12 } from "@/lib/k12/gate";
import { removeStaffAccess, restoreStaffAccess } from "@/lib/k12/mutations";
import { refusalError } from "@/lib/k12/refusal";
import { RemoveStaffSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** Principals and superintendents remove a staff member's access. */
export const DELETE = route(async (request) => {
  assertSameOrigin(request);
  const { user, current } = await authorizeK12("k12:manage-staff");
  const input = await readJson(request, RemoveStaffSchema, 1_000);
  const result = await removeStaffAccess(user.id, current, input.userId, input.schoolId);
  if (!result.ok) throw refusalError(result);
  return NextResponse.json({ removed: result.removed, message: "The staff member's access was removed." });
});

/** Lets a removed staff member redeem the school's access code again. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const { user, current } = await authorizeK12("k12:manage-staff");
  const input = await readJson(request, RemoveStaffSchema, 1_000);
  const result = await restoreStaffAccess(user.id, current, input.userId, input.schoolId);
  if (!result.ok) throw refusalError(result);
  return NextResponse.json({ message: "The staff member may use the school access code again." });
});
