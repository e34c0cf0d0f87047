import crypto from "node:crypto";
import type pg from "pg";
import { pool } from "@/lib/db";
import { enqueueDeliveries } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { logger } from "@/lib/logger";
import { buildEvent, EVENT_TYPES } from "@/lib/webhooks/rules";

/** The release's own connection (raw `pg`, like the release engine), or the pool outside one. */
type Writer = Pick<pg.ClientBase, "query">;

/**
 * One "score_reports.released" event per institution that got reports, recorded as a delivery
 * row for each of its active webhooks. Runs inside the release's transaction, so the events
 * exist exactly when the release does. Returns the delivery ids to dispatch after the commit.
 */
export async function recordReleaseEvents(
  client: Writer,
  released: Array<{ diCode: string; releasedAt: string; count?: number }>,
  now = new Date(),
): Promise<string[]> {
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
  const { rows: hooks } = await client.query<{ id: string; code: string; name: string }>(
    `SELECT w.id::text AS id, o.code, o.name FROM webhook w JOIN organization o ON o.id = w.organization_id
      WHERE w.revoked_at IS NULL AND o.kind = 'COLLEGE' AND o.code = ANY($1::text[])`,
    [[...byCode.keys()]],
  );
  if (!hooks.length) return [];
  const eventIds = new Map<string, string>();
  const rows = hooks.map((hook) => {
    const code = hook.code;
    const batch = byCode.get(code)!;
    if (!eventIds.has(code)) eventIds.set(code, crypto.randomUUID());
    const eventId = eventIds.get(code)!;
    return {
      id: crypto.randomUUID(),
      webhookId: hook.id,
      eventId,
      eventType: EVENT_TYPES.released,
      body: buildEvent({
        id: eventId,
        type: EVENT_TYPES.released,
        createdAt: now,
        diCode: code,
        name: hook.name,
        count: batch.count,
        releasedAt: batch.latest,
      }),
    };
  });
  // created_at as Prisma writes it: UTC wall time in a timestamp column.
  await client.query(
    `INSERT INTO webhook_delivery (id, webhook_id, event_id, event_type, body, created_at)
     SELECT u.id, u.webhook_id, u.event_id, u.event_type, u.body, $6::timestamptz AT TIME ZONE 'UTC'
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[]) AS u(id, webhook_id, event_id, event_type, body)`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.webhookId),
      rows.map((r) => r.eventId),
      rows.map((r) => r.eventType),
      rows.map((r) => r.body),
      new Date().toISOString(),
    ],
  );
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
  const ids = await recordReleaseEvents(pool(), released, now);
  await dispatchReleaseEvents(ids);
  return ids.length;
}
