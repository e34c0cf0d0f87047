import { NextResponse } from "next/server";
import { currentUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import { searchOrganizations } from "@/lib/enrollment/queries";
import { OrganizationSearchSchema } from "@/lib/enrollment/schema";
import { readQuery, route } from "@/lib/http/route";

export const runtime = "nodejs";

/** The "Professional Organization" typeahead: colleges by name, narrowed by ZIP (directory entries only). */
export const GET = route(async (request) => {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to search for your organization.");
  const search = readQuery(request, OrganizationSearchSchema);
  const organizations = await searchOrganizations(search);
  return NextResponse.json({ organizations }, { headers: { "Cache-Control": "private, no-store" } });
});
