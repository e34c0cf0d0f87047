import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import { WEBHOOK_NOT_FOUND, removeWebhook } from "@/lib/webhooks/mutations";
import { WebhookParamsSchema, WebhookQuerySchema } from "@/lib/webhooks/schema";
import type { WebhookRemoved } from "@/lib/webhooks/serializers";

export const runtime = "nodejs";

/** Removes a webhook of the caller's institution (its delivery history stays on record). */
export const DELETE = sessionRoute(
  { doing: "continue", permission: "webhooks:manage", params: WebhookParamsSchema, query: WebhookQuerySchema, institution: ({ query }) => query.institution },
  async ({ user, institution, params, ip }) => {
    if (!(await removeWebhook(user.id, institution.id, params.id, ip))) return WEBHOOK_NOT_FOUND;
    return NextResponse.json({ ok: true, message: "The webhook was removed." } satisfies WebhookRemoved);
  },
);
