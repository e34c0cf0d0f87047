import crypto from "node:crypto";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { enqueueDeliveries } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { logger } from "@/lib/logger";
import { buildEvent, EVENT_TYPES } from "@/lib/webhooks/rules";

type Writer = Pick<Prisma.TransactionClient, "webhook" | "webhookDelivery">;

/**
 * One "score_reports.released" event per institution that got reports, recorded as a delivery
 * row for each of its active webhooks. Runs inside the release's transaction, so the events
 * exist exactly when the release does. Returns the delivery ids to dispatch after the commit.
 */
export async function recordReleaseEvents(client: Writer, released: Array<{ diCode: string; releasedAt: string; count?: number }>, now = new Date()): Promise<string[]> {
  if (!released.length) return [];
  // An entry stands for one report, or for `count` reports already summed by the caller.
  const byCode = new Map<string, { count: number; latest: Date }>();
  for (const r of released) {
    const entry = byCode.get(r.diCode) ?? { count: 0, latest: new Date(0) };
    entry.count += r.count ?? 1;
    const at = new Date(r.releasedAt);
    if (at > entry.latest) entry.latest = at;
    byCode.set(r.diCode, entry);
  }
  const hooks = await client.webhook.findMany({
    where: { revokedAt: null, organization: { kind: "COLLEGE", code: { in: [...byCode.keys()] } } },
    select: { id: true, organization: { select: { code: true, name: true } } },
  });
  if (!hooks.length) return [];
  const eventIds = new Map<string, string>();
  const rows = hooks.map((hook) => {
    const code = hook.organization.code;
    const batch = byCode.get(code)!;
    if (!eventIds.has(code)) eventIds.set(code, crypto.randomUUID());
    const eventId = eventIds.get(code)!;
    return {
      id: crypto.randomUUID(),
      webhookId: hook.id,
      eventId,
      eventType: EVENT_TYPES.released,
      body: buildEvent({ id: eventId, type: EVENT_TYPES.released, createdAt: now, diCode: code, name: hook.organization.name, count: batch.count, releasedAt: batch.latest }),
    };
  });
  await client.webhookDelivery.createMany({ data: rows });
  return rows.map((r) => r.id);
}

/** Hands recorded deliveries to the job queue when this process runs one. Never throws. */
export async function dispatchReleaseEvents(deliveryIds: string[]): Promise<void> {
  if (!deliveryIds.length) return;
  try {
    await enqueueDeliveries(QUEUES.deliverWebhook, deliveryIds, { startIfNeeded: false });
  } catch (error) {
    logger.error({ err: error }, "could not enqueue webhook deliveries; the sweeper will send them");
  }
}

/** Records and dispatches events for releases made outside releaseScoreReports' transaction. */
export async function queueReleaseEvents(released: Array<{ diCode: string; releasedAt: string }>, now = new Date()): Promise<number> {
  const ids = await recordReleaseEvents(prisma, released, now);
  await dispatchReleaseEvents(ids);
  return ids.length;
}
