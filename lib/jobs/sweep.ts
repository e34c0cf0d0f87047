import { prisma } from "@/lib/db";

/** Rows older than this with no progress are assumed to have lost their job. */
const ORPHAN_AFTER_SECONDS = 120;
/** Claims older than this belong to a worker that died mid-send. */
const STALE_CLAIM_SECONDS = 15 * 60;

export interface SweepResult {
  /** PENDING rows to (re-)enqueue under their own id: a no-op while their job still exists. */
  notifications: string[];
  webhooks: string[];
  /** Rows stuck in SENDING, reset to PENDING: they need a new job id. */
  staleNotifications: string[];
  staleWebhooks: string[];
}

/**
 * Finds deliveries that no job is going to send: PENDING for a while (their enqueue failed, or
 * the release happened in a process without a job queue) or stuck mid-send. Nothing planned is
 * lost, even if a process dies between writing a row and enqueueing its job.
 */
export async function findOrphanedDeliveries(now = new Date()): Promise<SweepResult> {
  const orphanBefore = new Date(now.getTime() - ORPHAN_AFTER_SECONDS * 1000);
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_SECONDS * 1000);
  const [notifications, webhooks, staleNotifications, staleWebhooks] = await Promise.all([
    prisma.notificationDelivery.findMany({ where: { status: "PENDING", createdAt: { lt: orphanBefore } }, select: { id: true }, take: 1000 }),
    prisma.webhookDelivery.findMany({ where: { status: "PENDING", createdAt: { lt: orphanBefore } }, select: { id: true }, take: 1000 }),
    prisma.$queryRaw<Array<{ id: string }>>`
      UPDATE notification_delivery SET status = 'PENDING', claimed_at = NULL
      WHERE status = 'SENDING' AND claimed_at < ${staleBefore} RETURNING id::text AS id`,
    prisma.$queryRaw<Array<{ id: string }>>`
      UPDATE webhook_delivery SET status = 'PENDING', claimed_at = NULL
      WHERE status = 'SENDING' AND claimed_at < ${staleBefore} RETURNING id::text AS id`,
  ]);
  return {
    notifications: notifications.map((r) => r.id),
    webhooks: webhooks.map((r) => r.id),
    staleNotifications: staleNotifications.map((r) => r.id),
    staleWebhooks: staleWebhooks.map((r) => r.id),
  };
}
