import { adminRoute, json } from "@/lib/http/admin-route";
import { readJson } from "@/lib/http/route";
import { loadK12Data } from "@/lib/k12/mutations";
import { refusalError } from "@/lib/k12/refusal";
import { K12LoadSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/**
 * Program administrators load K-12 organizations, staff access (course authorizations,
 * registration/ordering or course-audit access, superintendent-authorized district users),
 * school access codes and exam results. All or nothing; loading twice changes nothing.
 */
export const POST = adminRoute(async (request, { actor }) => {
  const input = await readJson(request, K12LoadSchema, 5_000_000);
  const result = await loadK12Data(input, { userId: actor.userId, label: actor.label, type: actor.type, ip: actor.ip });
  if ("ok" in result) throw refusalError(result);
  return json(result, 201);
});
