import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import type { TeachersRestricted } from "@/lib/k12/serializers";
import { setTeachersRestricted } from "@/lib/k12/mutations";
import { RestrictTeachersSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** The principal restricts (or lets again) the school's teachers see individual students' results. */
export const POST = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", permission: "k12:manage-staff", body: RestrictTeachersSchema, maxBytes: 1_000 },
  async ({ user, k12: { current }, body }) => {
    const result = await setTeachersRestricted(user.id, current, body.teachersRestricted);
    if (!result.ok) return result;
    return NextResponse.json({
      teachersRestricted: body.teachersRestricted,
      message: body.teachersRestricted
        ? "Teachers are now restricted from individual students' results. They keep the instructional planning reports."
        : "Teachers can again see their own students' results.",
    } satisfies TeachersRestricted);
  },
);
