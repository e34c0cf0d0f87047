import { NextResponse } from "next/server";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { authorizeK12 } from "@/lib/k12/gate";
import { setTeachersRestricted } from "@/lib/k12/mutations";
import { refusalError } from "@/lib/k12/refusal";
import { RestrictTeachersSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** The principal restricts (or lets again) the school's teachers see individual students' results. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const { user, current } = await authorizeK12("k12:manage-staff");
  const input = await readJson(request, RestrictTeachersSchema, 1_000);
  const result = await setTeachersRestricted(user.id, current, input.teachersRestricted);
  if (!result.ok) throw refusalError(result);
  return NextResponse.json({
    teachersRestricted: input.teachersRestricted,
    message: input.teachersRestricted
      ? "Teachers are now restricted from individual students' results. They keep the instructional planning reports."
      : "Teachers can again see their own students' results.",
  });
});
