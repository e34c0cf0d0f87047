import { NextResponse } from "next/server";
import { sessionRoute } from "@/lib/http/session-route";
import { WEBHOOK_CHANGE_RATE_LIMIT, registerWebhook } from "@/lib/webhooks/mutations";
import { RegisterWebhookSchema } from "@/lib/webhooks/schema";
import { serializeRegistered } from "@/lib/webhooks/serializers";

export const runtime = "nodejs";

/** Registers a webhook; the answer carries the signing secret, shown this once. */
export const POST = sessionRoute(
  { doing: "continue", permission: "webhooks:manage", body: RegisterWebhookSchema, maxBytes: 8_000, rateLimit: WEBHOOK_CHANGE_RATE_LIMIT },
  async ({ user, institution, body, ip }) => {
    const result = await registerWebhook(user.id, institution, body.url, ip);
    if (!result.ok) return result;
    return NextResponse.json(serializeRegistered(result), { status: 201 });
  },
);
