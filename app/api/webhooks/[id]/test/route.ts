import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import { WEBHOOK_TEST_RATE_LIMIT, sendTestEvent } from "@/lib/webhooks/mutations";
import { WebhookParamsSchema, WebhookTestSchema } from "@/lib/webhooks/schema";
import type { WebhookTestResponse } from "@/lib/webhooks/serializers";

export const runtime = "nodejs";

/** Sends a signed test event to the webhook now and reports the receiver's answer. */
export const POST = sessionRoute(
  {
    doing: "continue",
    permission: "webhooks:manage",
    params: WebhookParamsSchema,
    body: WebhookTestSchema,
    maxBytes: 2_000,
    rateLimit: WEBHOOK_TEST_RATE_LIMIT,
  },
  async ({ user, institution, params, ip }) => {
    const result = await sendTestEvent(user.id, institution, params.id, ip);
    if (!result.ok) return result;
    const o = result.outcome;
    if (o.status === "delivered")
      return NextResponse.json({
        ok: true,
        status: "delivered",
        message: `Test event delivered: the receiver answered HTTP ${o.statusCode}.`,
      } satisfies WebhookTestResponse);
    const reason = o.status === "failed" ? o.error : "It was not sent.";
    return NextResponse.json(
      { ok: true, status: "queued", message: `The test event was not delivered: ${reason} It will be retried automatically.` } satisfies WebhookTestResponse,
      { status: 202 },
    );
  },
);
