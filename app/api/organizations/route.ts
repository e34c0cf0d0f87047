import { NextResponse } from "next/server";
import { searchOrganizations } from "@/lib/enrollment/queries";
import { OrganizationSearchSchema } from "@/lib/enrollment/schema";
import type { OrganizationSearchResponse } from "@/lib/enrollment/serializers";
import { sessionRoute } from "@/lib/http/session-route";

export const runtime = "nodejs";

/** The "Professional Organization" typeahead: colleges by name, narrowed by ZIP (directory entries only). */
export const GET = sessionRoute({ doing: "search for your organization", terms: false, query: OrganizationSearchSchema }, async ({ query }) => {
  const organizations = await searchOrganizations(query);
  return NextResponse.json({ organizations } satisfies OrganizationSearchResponse, { headers: { "Cache-Control": "private, no-store" } });
});
