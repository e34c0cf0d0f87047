import type { RegisterResult } from "@/lib/webhooks/mutations";

/** POST /api/webhooks (201): the receiver, and its signing secret — shown this once. */
export interface WebhookRegistered {
  ok: true;
  webhook: { id: string; url: string; secretHint: string };
  secret: string;
}

export function serializeRegistered(result: Extract<RegisterResult, { ok: true }>): WebhookRegistered {
  return { ok: true, webhook: { id: result.webhook.id, url: result.webhook.url, secretHint: result.webhook.secretHint }, secret: result.secret };
}

/** POST /api/webhooks/{id}/test: 200 when delivered, 202 when it will be retried. */
export interface WebhookTestResponse {
  ok: true;
  status: "delivered" | "queued";
  message: string;
}

/** DELETE /api/webhooks/{id}. */
export interface WebhookRemoved {
  ok: true;
  message: string;
}
