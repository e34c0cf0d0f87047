import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import type { OrganizationChosen } from "@/lib/k12/serializers";
import { chooseOrganization, setOrganizationCookie } from "@/lib/k12/gate";
import { SelectOrganizationSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** Select Organization / Change Organization: only an organization the user has access to today. */
export const POST = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", terms: "k12", body: SelectOrganizationSchema, maxBytes: 1_000 },
  async ({ request, user, body }) => {
    const result = await chooseOrganization(user.id, body.organizationId);
    if (!result.ok) return result;
    const { option } = result;
    const response = NextResponse.json({
      organization: { id: option.id, name: option.name, role: option.role },
      redirectTo: "/k12",
    } satisfies OrganizationChosen);
    return setOrganizationCookie(response, request, user.id, option.id);
  },
);
