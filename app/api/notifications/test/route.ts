import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { assertSameOrigin, readJson, route } from "@/lib/http/route";
import { requireApiInstitution } from "@/lib/auth/api-gate";
import { sendTestNotification } from "@/lib/notifications/mutations";
import { hitRateLimit } from "@/lib/rate-limit";

export const runtime = "nodejs";

const TestSchema = z.object({ institutionId: z.uuid("Choose an institution.") });

/** Sends the notification email now, so IT staff can test what it triggers. */
export const POST = route(async (request) => {
  assertSameOrigin(request);
  const input = await readJson(request, TestSchema, 2_000);
  const { user, institution } = await requireApiInstitution("notifications:manage", "continue", input.institutionId);
  const limit = await hitRateLimit(`notify-test:${user.id}`, 10, 3600);
  if (!limit.allowed) throw new AppError("RATE_LIMITED", "You have sent 10 test notifications this hour. Try again later.", { retryAfterSeconds: limit.retryAfterSeconds });
  const result = await sendTestNotification(user, institution, clientIp(request.headers));
  const o = result.outcome;
  if (o.status === "sent") {
    const where = o.transport === "smtp" ? `to ${result.to}` : `to the outbox for ${result.to} (no mail server is configured)`;
    return NextResponse.json({ ok: true, status: "sent", message: `Test notification sent ${where}.` });
  }
  if (o.status === "failed") {
    // Accepted: the email is kept and retried by the worker; the user learns why it is late.
    return NextResponse.json({ ok: true, status: "queued", message: `The test notification could not be sent yet: ${o.error} It will be retried automatically.` }, { status: 202 });
  }
  return NextResponse.json({ ok: true, status: o.status, message: "The test notification was not sent." }, { status: 202 });
});
