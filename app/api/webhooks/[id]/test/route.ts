import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";
import { hitRateLimit } from "@/lib/rate-limit";
import { sendTestEvent } from "@/lib/webhooks/mutations";

export const runtime = "nodejs";

const Params = z.object({ id: z.uuid("That webhook does not exist.") });
const Body = z.object({ institutionId: z.uuid("Choose an institution.") });

/** Sends a signed test event to the webhook now and reports the receiver's answer. */
export const POST = route<{ id: string }>(async (request, context) => {
  assertSameOrigin(request);
  const { id } = Params.parse(await context.params);
  const input = await readJson(request, Body, 2_000);
  const { user, institution } = await requireApiInstitution("webhooks:manage", "continue", input.institutionId);
  const limit = await hitRateLimit(`webhook-test:${user.id}`, 20, 3600);
  if (!limit.allowed) throw new AppError("RATE_LIMITED", "Too many test events this hour. Try again later.", { retryAfterSeconds: limit.retryAfterSeconds });
  const result = await sendTestEvent(user.id, institution, id, clientIp(request.headers));
  if (!result.ok) throw new AppError("NOT_FOUND", result.message);
  const o = result.outcome;
  if (o.status === "delivered") return NextResponse.json({ ok: true, status: "delivered", message: `Test event delivered: the receiver answered HTTP ${o.statusCode}.` });
  const reason = o.status === "failed" ? o.error : "It was not sent.";
  return NextResponse.json({ ok: true, status: "queued", message: `The test event was not delivered: ${reason} It will be retried automatically.` }, { status: 202 });
});
