import { NextResponse } from "next/server";
import { adminRoute } from "@/lib/http/admin-route";
import { isRefusal } from "@/lib/http/route";
import { loadK12Data } from "@/lib/k12/mutations";
import { K12LoadSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/**
 * Program administrators load K-12 organizations, staff access (course authorizations,
 * registration/ordering or course-audit access, superintendent-authorized district users),
 * school access codes and exam results. All or nothing; loading twice changes nothing.
 */
export const POST = adminRoute({ body: K12LoadSchema, maxBytes: 5_000_000 }, async ({ body, actor }) => {
  const result = await loadK12Data(body, { userId: actor.userId, label: actor.label, type: actor.type, ip: actor.ip });
  if (isRefusal(result)) return result;
  return NextResponse.json(result, { status: 201 });
});
