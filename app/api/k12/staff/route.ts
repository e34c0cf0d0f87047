import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import type { K12Message, StaffRemoved } from "@/lib/k12/serializers";
import { removeStaffAccess, restoreStaffAccess } from "@/lib/k12/mutations";
import { RemoveStaffSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** Principals and superintendents remove a staff member's access. */
export const DELETE = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", permission: "k12:manage-staff", body: RemoveStaffSchema, maxBytes: 1_000 },
  async ({ user, k12: { current }, body }) => {
    const result = await removeStaffAccess(user.id, current, body.userId, body.schoolId);
    if (!result.ok) return result;
    return NextResponse.json({ removed: result.removed, message: "The staff member's access was removed." } satisfies StaffRemoved);
  },
);

/** Lets a removed staff member redeem the school's access code again. */
export const POST = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", permission: "k12:manage-staff", body: RemoveStaffSchema, maxBytes: 1_000 },
  async ({ user, k12: { current }, body }) => {
    const result = await restoreStaffAccess(user.id, current, body.userId, body.schoolId);
    if (!result.ok) return result;
    return NextResponse.json({ message: "The staff member may use the school access code again." } satisfies K12Message);
  },
);
