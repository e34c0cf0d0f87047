import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import type { SectionsSaved } from "@/lib/k12/serializers";
import { selectSections } from "@/lib/k12/mutations";
import { SelectSectionsSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** A teacher selects their class sections for one authorized course. */
export const POST = sessionRoute(
  { doing: "use AP Score Reports for K-12 Educators", permission: "k12:sections", body: SelectSectionsSchema, maxBytes: 2_000 },
  async ({ user, k12: { current }, body }) => {
    const result = await selectSections(user, current, body.authorizationId, body.sections);
    if (!result.ok) return result;
    return NextResponse.json({
      changed: result.changed,
      message: result.changed
        ? `Your class sections are saved. ${result.notified} school administrator${result.notified === 1 ? " was" : "s were"} notified.`
        : "No change: these are already your class sections.",
    } satisfies SectionsSaved);
  },
);
