import { NextResponse } from "next/server";
import { readJson, route } from "@/lib/http/route";
import { authorizeProgramAdmin } from "@/lib/k12/admin-gate";
import { loadK12Data } from "@/lib/k12/mutations";
import { refusalError } from "@/lib/k12/refusal";
import { K12LoadSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/**
 * Program administrators load K-12 organizations, staff access (course authorizations,
 * registration/ordering or course-audit access, superintendent-authorized district users),
 * school access codes and exam results. All or nothing; loading twice changes nothing.
 */
export const POST = route(async (request) => {
  const actor = await authorizeProgramAdmin(request);
  const input = await readJson(request, K12LoadSchema, 5_000_000);
  const result = await loadK12Data(input, actor);
  if ("ok" in result) throw refusalError(result);
  return NextResponse.json(result, { status: 201 });
});
