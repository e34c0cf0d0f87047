import { NextResponse } from "next/server";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { authorizeK12 } from "@/lib/k12/gate";
import { selectSections } from "@/lib/k12/mutations";
import { refusalError } from "@/lib/k12/refusal";
import { SelectSectionsSchema } from "@/lib/k12/schema";

export const runtime = "nodejs";

/** A teacher selects their class sections for one authorized course. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const { user, current } = await authorizeK12("k12:sections");
  const input = await readJson(request, SelectSectionsSchema, 2_000);
  const result = await selectSections(user, current, input.authorizationId, input.sections);
  if (!result.ok) throw refusalError(result);
  return NextResponse.json({
    changed: result.changed,
    message: result.changed ? `Your class sections are saved. ${result.notified} school administrator${result.notified === 1 ? " was" : "s were"} notified.` : "No change: these are already your class sections.",
  });
});
