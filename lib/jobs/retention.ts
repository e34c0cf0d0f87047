import { audit } from "@/lib/audit";
import { prisma } from "@/lib/db";
import type { Settings } from "@/lib/env";

export type RetentionSettings = Pick<Settings, "AUDIT_RETENTION_DAYS" | "OUTBOX_RETENTION_DAYS" | "WEBHOOK_ATTEMPT_RETENTION_DAYS">;

export interface RetentionResult {
  rateLimits: number;
  outboxEmails: number;
  webhookDeliveries: number;
  auditEvents: number;
}

const DAY_MS = 86_400_000;
/** Deletes in slices so one run never holds long locks on a busy table. */
const BATCH = 5000;

/** 0 keeps forever. */
function cutoff(days: number, now: Date): Date | null {
  return days > 0 ? new Date(now.getTime() - days * DAY_MS) : null;
}

async function deleteInBatches(remove: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await remove();
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * The retention policy, run hourly by the worker (pg-boss schedule). docs/deploy.md states it:
 * - rate-limit counters: deleted once their window has passed (and any lock has ended);
 * - outbox emails and finished webhook deliveries (with their attempts): after
 *   OUTBOX_RETENTION_DAYS / WEBHOOK_ATTEMPT_RETENTION_DAYS;
 * - the audit log — FERPA's record of disclosures, which must be kept as long as the education
 *   records — is kept forever unless AUDIT_RETENTION_DAYS is set. Then, and only through this
 *   function, the append-only trigger lets this transaction delete events older than its
 *   stated cutoff; the deletion is itself recorded as an audit event.
 */
export async function applyRetention(settings: RetentionSettings, now = new Date()): Promise<RetentionResult> {
  const rateLimits = await deleteInBatches(
    () => prisma.$executeRaw`
      DELETE FROM rate_limit WHERE key IN (
        SELECT key FROM rate_limit WHERE expires_at < ${now} AND (locked_until IS NULL OR locked_until < ${now}) LIMIT ${BATCH})`,
  );

  const outboxBefore = cutoff(settings.OUTBOX_RETENTION_DAYS, now);
  const outboxEmails = outboxBefore
    ? await deleteInBatches(
        () => prisma.$executeRaw`DELETE FROM outbox_email WHERE id IN (SELECT id FROM outbox_email WHERE created_at < ${outboxBefore} LIMIT ${BATCH})`,
      )
    : 0;

  // Only finished deliveries: a PENDING or SENDING one still has work to do, however old.
  const webhooksBefore = cutoff(settings.WEBHOOK_ATTEMPT_RETENTION_DAYS, now);
  const webhookDeliveries = webhooksBefore
    ? await deleteInBatches(
        () => prisma.$executeRaw`
          DELETE FROM webhook_delivery WHERE id IN (
            SELECT id FROM webhook_delivery WHERE created_at < ${webhooksBefore} AND status IN ('SENT', 'FAILED', 'CANCELLED') LIMIT ${BATCH})`,
      )
    : 0;

  const auditBefore = cutoff(settings.AUDIT_RETENTION_DAYS, now);
  let auditEvents = 0;
  if (auditBefore) {
    // Timestamps are stored as UTC without a zone: state the cutoff the same way.
    const stated = auditBefore.toISOString().replace("T", " ").replace("Z", "");
    auditEvents = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('ap.audit_retention_before', ${stated}, true)`;
      const deleted = await tx.$executeRaw`DELETE FROM audit_event WHERE at < ${auditBefore}`;
      if (deleted > 0) {
        await audit(
          {
            actorType: "system",
            actorLabel: "retention",
            action: "audit.retention-applied",
            recordCount: deleted,
            details: { before: auditBefore.toISOString(), days: settings.AUDIT_RETENTION_DAYS },
          },
          tx,
        );
      }
      return deleted;
    });
  }
  return { rateLimits, outboxEmails, webhookDeliveries, auditEvents };
}
