import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { resolveK12Access } from "@/lib/k12/access";
import { K12_ORG_COOKIE, organizationCookieValue, requireK12ApiUser } from "@/lib/k12/gate";
import { SelectOrganizationSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** Select Organization / Change Organization: only an organization the user has access to today. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const user = await requireK12ApiUser();
  const { organizationId } = await readJson(request, SelectOrganizationSchema, 1_000);
  const access = await resolveK12Access(user.id);
  const option = access.options.find((o) => o.id === organizationId);
  if (!option) throw new AppError("FORBIDDEN", "You do not have access to this organization.", { field: "organizationId" });
  const response = NextResponse.json({ organization: { id: option.id, name: option.name, role: option.role }, redirectTo: "/k12" });
  response.cookies.set(K12_ORG_COOKIE, organizationCookieValue(user.id, option.id), { httpOnly: true, sameSite: "lax", path: "/", secure: new URL(request.url).protocol === "https:" });
  return response;
});
