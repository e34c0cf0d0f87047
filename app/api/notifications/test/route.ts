import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import { TEST_NOTIFICATION_RATE_LIMIT, sendTestNotification } from "@/lib/notifications/mutations";
import { InstitutionChoiceSchema } from "@/lib/notifications/schema";
import type { TestNotificationResponse } from "@/lib/notifications/serializers";

export const runtime = "nodejs";

/** Sends the notification email now, so IT staff can test what it triggers. */
export const POST = sessionRoute(
  { doing: "continue", permission: "notifications:manage", body: InstitutionChoiceSchema, maxBytes: 2_000, rateLimit: TEST_NOTIFICATION_RATE_LIMIT },
  async ({ user, institution, ip }) => {
    const result = await sendTestNotification(user, institution, ip);
    const o = result.outcome;
    if (o.status === "sent") {
      const where = o.transport === "smtp" ? `to ${result.to}` : `to the outbox for ${result.to} (no mail server is configured)`;
      return NextResponse.json({ ok: true, status: "sent", message: `Test notification sent ${where}.` } satisfies TestNotificationResponse);
    }
    if (o.status === "failed") {
      // Accepted: the email is kept and retried by the worker; the user learns why it is late.
      return NextResponse.json(
        {
          ok: true,
          status: "queued",
          message: `The test notification could not be sent yet: ${o.error} It will be retried automatically.`,
        } satisfies TestNotificationResponse,
        { status: 202 },
      );
    }
    return NextResponse.json({ ok: true, status: o.status, message: "The test notification was not sent." } satisfies TestNotificationResponse, {
      status: 202,
    });
  },
);
