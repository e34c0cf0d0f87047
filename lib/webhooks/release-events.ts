import crypto from "node:crypto";
import { prisma } from "@/lib/db";
import { enqueueDeliveries } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { logger } from "@/lib/logger";
import { buildEvent, EVENT_TYPES } from "@/lib/webhooks/events";

/**
 * Called after a release commits: one "score_reports.released" event per institution that got
 * reports, recorded as a delivery row for each of its active webhooks (durable: the sweeper
 * sends rows whose job was never created), then handed to the job queue when this process
 * has one running. Never throws: the release has already happened.
 */
export async function queueReleaseEvents(released: Array<{ diCode: string; releasedAt: string }>, now = new Date()): Promise<number> {
  if (!released.length) return 0;
  try {
    const byCode = new Map<string, { count: number; latest: Date }>();
    for (const r of released) {
      const entry = byCode.get(r.diCode) ?? { count: 0, latest: new Date(0) };
      entry.count += 1;
      const at = new Date(r.releasedAt);
      if (at > entry.latest) entry.latest = at;
      byCode.set(r.diCode, entry);
    }
    const hooks = await prisma.webhook.findMany({
      where: { revokedAt: null, organization: { kind: "COLLEGE", code: { in: [...byCode.keys()] } } },
      select: { id: true, organization: { select: { code: true, name: true } } },
    });
    if (!hooks.length) return 0;
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
    await prisma.webhookDelivery.createMany({ data: rows });
    await enqueueDeliveries(QUEUES.deliverWebhook, rows.map((r) => r.id), { startIfNeeded: false });
    return rows.length;
  } catch (error) {
    logger.error({ err: error }, "could not record webhook events for a release");
    return 0;
  }
}
