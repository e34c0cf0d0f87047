import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readQuery, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";
import { removeWebhook } from "@/lib/webhooks/mutations";

export const runtime = "nodejs";

const Params = z.object({ id: z.uuid("That webhook does not exist.") });
const Query = z.object({ institution: z.uuid("Choose an institution.") });

/** Removes a webhook of the caller's institution (its delivery history stays on record). */
export const DELETE = route<{ id: string }>(async (request, context) => {
  assertSameOrigin(request);
  const { id } = Params.parse(await context.params);
  const query = readQuery(request, Query);
  const { user, institution } = await requireApiInstitution("webhooks:manage", "continue", query.institution);
  const removed = await removeWebhook(user.id, institution.id, id, clientIp(request.headers));
  if (!removed) throw new AppError("NOT_FOUND", "That webhook does not exist at this institution.");
  return NextResponse.json({ ok: true, message: "The webhook was removed." });
});
