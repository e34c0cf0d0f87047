import type { AuthorizedInstitution, AuthorizedOrganizationId } from "@/lib/auth/gate";
import { audit } from "@/lib/audit";
import { pool, prisma } from "@/lib/db";
import { portalBaseUrl } from "@/lib/env";
import { enqueueDeliveries } from "@/lib/jobs/boss";
import { QUEUES } from "@/lib/jobs/queues";
import { logger } from "@/lib/logger";
import { sendEmail, type SmtpConfig, smtpConfigFromEnv } from "@/lib/mail/mutations";
import { composeNotificationEmail, dailyWindow, notifySchedule, type NotifySchedule } from "@/lib/notifications/rules";
import { membershipCountsSql, rolesWith } from "@/lib/permissions";
import type { RateLimitRule } from "@/lib/rate-limit";
import { CURRENT_TERMS_VERSION } from "@/lib/accounts/constants";

/** Test emails one account may send per hour. */
export const TEST_NOTIFICATION_RATE_LIMIT: RateLimitRule = {
  name: "notify-test",
  limit: 10,
  windowSeconds: 3600,
  message: "You have sent 10 test notifications this hour. Try again later.",
};

/** A claim older than this belongs to a worker that died mid-send: another may take it over. */
const STALE_CLAIM_SECONDS = 10 * 60;

/** The portal's address in emails (lib/env.ts), re-exported for the callers that import it from here. */
export { portalBaseUrl };

/**
 * Marks the institution's dashboard as visited (first visit only). With the terms accepted,
 * this activates the daily email for the institution, as on the real portal.
 */
export async function markDashboardVisited(userId: string, organizationId: AuthorizedOrganizationId, now = new Date()): Promise<boolean> {
  const { count } = await prisma.membership.updateMany({ where: { userId, organizationId, dashboardVisitedAt: null }, data: { dashboardVisitedAt: now } });
  return count > 0;
}

export async function setNotificationsEnabled(userId: string, organizationId: AuthorizedOrganizationId, enabled: boolean, ip: string | null): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await tx.membership.updateMany({ where: { userId, organizationId }, data: { notificationsEnabled: enabled } });
    await audit({ actorType: "user", actorUserId: userId, action: "notification.settings-changed", organizationId, ip, details: { enabled } }, tx);
  });
}

export interface DailyPlan {
  windowStart: Date;
  windowEnd: Date;
  /** Deliveries created by this run (0 when the job already ran for this window). */
  created: number;
  /** Every delivery of the window still waiting to be sent, including ones from earlier runs. */
  pendingIds: string[];
}

/**
 * Records one delivery per (user, institution) for the window that closed at the latest
 * scheduled time, for users who accepted the terms, visited the institution's dashboard and
 * left notifications on, at institutions with reports released in the window. The unique key
 * (user, institution, kind, window end) makes reruns and concurrent runs add nothing.
 */
export async function planDailyNotifications(now = new Date(), schedule: NotifySchedule = notifySchedule()): Promise<DailyPlan> {
  const { start, end } = dailyWindow(now, schedule);
  // $1 roles, $2 terms version, $3 now, $4 window start, $5 window end.
  const { rowCount } = await pool().query(
    `WITH eligible AS (
       SELECT DISTINCT ON (m.user_id, m.organization_id) m.user_id, m.organization_id, u.email
       FROM membership m
       JOIN app_user u ON u.id = m.user_id
       JOIN organization o ON o.id = m.organization_id
       WHERE ${membershipCountsSql("$3")}
         AND m.role::text = ANY($1::text[])
         AND m.notifications_enabled
         AND m.dashboard_visited_at IS NOT NULL
         AND EXISTS (SELECT 1 FROM terms_acceptance t WHERE t.user_id = m.user_id AND t.version = $2)
     ),
     counts AS (
       SELECT org.organization_id, c.n
       FROM (SELECT DISTINCT organization_id FROM eligible) org
       CROSS JOIN LATERAL (
         SELECT count(DISTINCT v.report_id)::int AS n FROM score_report_version v
         WHERE v.organization_id = org.organization_id AND v.released_at >= $4 AND v.released_at < $5
       ) c
       WHERE c.n > 0
     )
     INSERT INTO notification_delivery (id, user_id, organization_id, kind, window_start, window_end, report_count, to_address)
     SELECT gen_random_uuid(), e.user_id, e.organization_id, 'DAILY', $4, $5, c.n, e.email
     FROM eligible e JOIN counts c ON c.organization_id = e.organization_id
     ON CONFLICT (user_id, organization_id, kind, window_end) DO NOTHING`,
    [rolesWith("notifications:manage"), CURRENT_TERMS_VERSION, now, start, end],
  );
  const created = rowCount ?? 0;
  const pending = await prisma.notificationDelivery.findMany({
    where: { kind: "DAILY", windowEnd: end, status: "PENDING" },
    select: { id: true },
    orderBy: { createdAt: "asc" },
  });
  return { windowStart: start, windowEnd: end, created, pendingIds: pending.map((p) => p.id) };
}

export type DeliveryOutcome =
  | { status: "sent"; transport: "smtp" | "outbox" }
  | { status: "failed"; error: string; final: boolean }
  /** Already sent, failed for good, cancelled, or unknown: nothing to do. */
  | { status: "done" }
  /** Another worker holds a fresh claim on it. */
  | { status: "busy" }
  | { status: "cancelled"; reason: string };

interface Claimed {
  id: string;
  user_id: string;
  organization_id: string;
  kind: "DAILY" | "TEST";
  window_start: Date;
  window_end: Date;
  report_count: number;
  to_address: string;
}

/**
 * Sends one planned email. The row is claimed in a single UPDATE, so of two workers holding
 * the same job only one sends; a failure puts it back to PENDING (retried by the job) or, on
 * the last attempt, marks it FAILED with the reason.
 */
export async function deliverNotification(deliveryId: string, opts: { finalAttempt?: boolean; smtp?: SmtpConfig | null } = {}): Promise<DeliveryOutcome> {
  const [claimed] = await prisma.$queryRaw<Claimed[]>`
    UPDATE notification_delivery SET status = 'SENDING', attempts = attempts + 1, claimed_at = now()
    WHERE id = ${deliveryId}::uuid
      AND (status = 'PENDING' OR (status = 'SENDING' AND claimed_at < now() - make_interval(secs => ${STALE_CLAIM_SECONDS})))
    RETURNING id, user_id, organization_id, kind::text AS kind, window_start, window_end, report_count, to_address`;
  if (!claimed) {
    const row = await prisma.notificationDelivery.findUnique({ where: { id: deliveryId }, select: { status: true } });
    return row?.status === "SENDING" ? { status: "busy" } : { status: "done" };
  }

  const membership = await prisma.membership.findFirst({
    where: { userId: claimed.user_id, organizationId: claimed.organization_id, role: { in: rolesWith("notifications:manage") } },
    select: {
      notificationsEnabled: true,
      expiresAt: true,
      user: { select: { firstName: true } },
      organization: { select: { name: true, code: true } },
    },
  });
  const cancelReason = !membership
    ? "The user is no longer enrolled at this institution."
    : membership.expiresAt && membership.expiresAt <= new Date()
      ? "The user's access to this institution has expired."
      : claimed.kind === "DAILY" && !membership.notificationsEnabled
        ? "Notifications were turned off before the email was sent."
        : null;
  if (cancelReason || !membership) {
    const reason = cancelReason ?? "The user is no longer enrolled at this institution.";
    await prisma.notificationDelivery.update({ where: { id: deliveryId }, data: { status: "CANCELLED", lastError: reason, claimedAt: null } });
    return { status: "cancelled", reason };
  }

  const email = composeNotificationEmail({
    kind: claimed.kind,
    firstName: membership.user.firstName,
    institutionName: membership.organization.name,
    diCode: membership.organization.code,
    reportCount: claimed.report_count,
    windowStart: claimed.window_start,
    windowEnd: claimed.window_end,
    baseUrl: portalBaseUrl(),
    organizationId: claimed.organization_id,
  });
  try {
    const sent = await sendEmail(
      {
        to: claimed.to_address,
        ...email,
        messageId: `<notification-${deliveryId}@ap-score-reports>`,
        headers: { "X-AP-DI-Code": membership.organization.code, "X-AP-Report-Count": String(claimed.report_count) },
      },
      opts.smtp === undefined ? smtpConfigFromEnv() : opts.smtp,
    );
    await prisma.$transaction(async (tx) => {
      await tx.notificationDelivery.update({
        where: { id: deliveryId },
        data: { status: "SENT", sentAt: new Date(), transport: sent.transport, lastError: null, claimedAt: null },
      });
      await audit(
        {
          actorType: "system",
          action: "notification.sent",
          organizationId: claimed.organization_id,
          targetUserId: claimed.user_id,
          recordCount: claimed.report_count,
          details: {
            deliveryId,
            kind: claimed.kind,
            transport: sent.transport,
            windowStart: claimed.window_start.toISOString(),
            windowEnd: claimed.window_end.toISOString(),
          },
        },
        tx,
      );
    });
    return { status: "sent", transport: sent.transport };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const final = opts.finalAttempt ?? false;
    await prisma.notificationDelivery.update({
      where: { id: deliveryId },
      data: { status: final ? "FAILED" : "PENDING", lastError: message.slice(0, 1000), claimedAt: null },
    });
    logger.warn({ deliveryId, final, error: message }, "notification email not sent");
    return { status: "failed", error: message, final };
  }
}

export interface TestNotificationResult {
  deliveryId: string;
  to: string;
  reportCount: number;
  outcome: DeliveryOutcome;
}

/**
 * The "send test notification" button: the daily email for the last 24 hours, sent now (even
 * when nothing is new or notifications are off) so IT staff can test what the email triggers.
 */
export async function sendTestNotification(
  user: { id: string; email: string },
  institution: AuthorizedInstitution,
  ip: string | null,
  now = new Date(),
): Promise<TestNotificationResult> {
  const windowStart = new Date(now.getTime() - 24 * 3_600_000);
  const [{ n }] = (await prisma.$queryRaw<Array<{ n: number }>>`
    SELECT count(DISTINCT report_id)::int AS n FROM score_report_version
    WHERE organization_id = ${institution.id}::uuid AND released_at >= ${windowStart} AND released_at < ${now}`) as [{ n: number }];
  const delivery = await prisma.notificationDelivery.create({
    data: { userId: user.id, organizationId: institution.id, kind: "TEST", windowStart, windowEnd: now, reportCount: n, toAddress: user.email },
    select: { id: true },
  });
  await audit({
    actorType: "user",
    actorUserId: user.id,
    action: "notification.test-sent",
    organizationId: institution.id,
    ip,
    details: { deliveryId: delivery.id },
  });
  const outcome = await deliverNotification(delivery.id);
  // The first attempt is made now so the page can say what happened; later ones are the job's.
  if (outcome.status === "failed") await enqueueDeliveries(QUEUES.sendNotification, [delivery.id]);
  return { deliveryId: delivery.id, to: user.email, reportCount: n, outcome };
}
