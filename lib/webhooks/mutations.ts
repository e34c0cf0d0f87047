import crypto from "node:crypto";
import type { AuthorizedInstitution, AuthorizedOrganizationId } from "@/lib/auth/gate";
import { audit } from "@/lib/audit";
import { encryptSecret, randomToken } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import { env } from "@/lib/env";
import { enqueueDeliveries } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { deliverWebhook, type WebhookOutcome } from "@/lib/webhooks/jobs";
import { buildEvent, EVENT_TYPES, checkWebhookUrl, urlPolicyFor } from "@/lib/webhooks/rules";
import { fieldRefusal, refusal, type Result } from "@/lib/errors";
import type { RateLimitRule } from "@/lib/rate-limit";

/** Webhooks one account may register per hour. */
export const WEBHOOK_CHANGE_RATE_LIMIT: RateLimitRule = {
  name: "webhook-register",
  limit: 20,
  windowSeconds: 3600,
  message: "Too many webhook changes. Try again later.",
};
/** Test events one account may send per hour. */
export const WEBHOOK_TEST_RATE_LIMIT: RateLimitRule = {
  name: "webhook-test",
  limit: 20,
  windowSeconds: 3600,
  message: "Too many test events this hour. Try again later.",
};

/** Active webhooks one institution may have. */
export const MAX_WEBHOOKS_PER_INSTITUTION = 5;

export type RegisterResult = Result<{ webhook: { id: string; url: string; secretHint: string; createdAt: Date }; secret: string }>;

/** What removing answers when removeWebhook found no such webhook at the institution. */
export const WEBHOOK_NOT_FOUND = refusal("NOT_FOUND", "That webhook does not exist at this institution.");

/** Registers a receiver; the secret is returned this once and stored only encrypted. */
export async function registerWebhook(userId: string, institution: AuthorizedInstitution, rawUrl: string, ip: string | null): Promise<RegisterResult> {
  const check = await checkWebhookUrl(rawUrl, urlPolicyFor(env().APP_DEPLOYMENT));
  if (!check.ok) return fieldRefusal("BAD_REQUEST", "url", check.message);
  const url = check.url.toString();
  const active = await prisma.webhook.count({ where: { organizationId: institution.id, revokedAt: null } });
  if (active >= MAX_WEBHOOKS_PER_INSTITUTION) {
    return fieldRefusal("BAD_REQUEST", "url", `An institution can have at most ${MAX_WEBHOOKS_PER_INSTITUTION} webhooks. Remove one first.`);
  }
  const secret = `whsec_${randomToken(24)}`;
  const webhook = await prisma.$transaction(async (tx) => {
    const created = await tx.webhook.create({
      data: { organizationId: institution.id, createdById: userId, url, secretSealed: encryptSecret(secret), secretHint: secret.slice(-4) },
      select: { id: true, url: true, secretHint: true, createdAt: true },
    });
    await audit(
      { actorType: "user", actorUserId: userId, action: "webhook.registered", organizationId: institution.id, ip, details: { webhookId: created.id, url } },
      tx,
    );
    return created;
  });
  return { ok: true, webhook, secret };
}

/** Stops a webhook (kept, with its delivery history, for the record). */
export async function removeWebhook(userId: string, organizationId: AuthorizedOrganizationId, webhookId: string, ip: string | null): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.webhook.updateMany({ where: { id: webhookId, organizationId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count) await audit({ actorType: "user", actorUserId: userId, action: "webhook.removed", organizationId, ip, details: { webhookId } }, tx);
    return count > 0;
  });
}

/** Sends a test event now (first attempt inline, so the page can show the receiver's answer). */
export async function sendTestEvent(
  userId: string,
  institution: AuthorizedInstitution,
  webhookId: string,
  ip: string | null,
): Promise<Result<{ deliveryId: string; outcome: WebhookOutcome }>> {
  const webhook = await prisma.webhook.findFirst({ where: { id: webhookId, organizationId: institution.id, revokedAt: null }, select: { id: true } });
  if (!webhook) return WEBHOOK_NOT_FOUND;
  const now = new Date();
  const eventId = crypto.randomUUID();
  const delivery = await prisma.webhookDelivery.create({
    data: {
      webhookId,
      eventId,
      eventType: EVENT_TYPES.test,
      body: buildEvent({ id: eventId, type: EVENT_TYPES.test, createdAt: now, diCode: institution.diCode, name: institution.name, count: 0, releasedAt: now }),
    },
    select: { id: true },
  });
  await audit({
    actorType: "user",
    actorUserId: userId,
    action: "webhook.test-sent",
    organizationId: institution.id,
    ip,
    details: { webhookId, deliveryId: delivery.id },
  });
  const outcome = await deliverWebhook(delivery.id);
  if (outcome.status === "failed") await enqueueDeliveries(QUEUES.deliverWebhook, [delivery.id]);
  return { ok: true, deliveryId: delivery.id, outcome };
}
