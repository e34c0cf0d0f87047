import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { prisma } from "@/lib/db";
import { nextSlotAfter, notifySchedule, describeSchedule } from "@/lib/notifications/rules";
import { rolesWith } from "@/lib/permissions";

export interface InstitutionNotificationStatus {
  institution: AuthorizedInstitution;
  enabled: boolean;
  dashboardVisitedAt: Date | null;
  /** True when the daily email would be sent (if anything is new). */
  active: boolean;
  /** Why no email would be sent, in the order the user can fix them. */
  reasons: string[];
}

export interface NotificationOverview {
  schedule: string;
  nextSendAt: Date;
  institutions: InstitutionNotificationStatus[];
  recent: Array<{
    id: string;
    institutionName: string;
    diCode: string;
    kind: "DAILY" | "TEST";
    windowStart: Date;
    windowEnd: Date;
    reportCount: number;
    status: "PENDING" | "SENDING" | "SENT" | "FAILED" | "CANCELLED";
    attempts: number;
    lastError: string | null;
    sentAt: Date | null;
    createdAt: Date;
  }>;
}

/** The notifications page: per institution, whether the daily email is on and, if not, why. */
export async function notificationOverview(
  user: { id: string; termsAccepted: boolean },
  institutions: AuthorizedInstitution[],
  now = new Date(),
): Promise<NotificationOverview> {
  const schedule = notifySchedule();
  const ids = institutions.map((i) => i.id);
  const [memberships, recent] = await Promise.all([
    prisma.membership.findMany({
      where: { userId: user.id, organizationId: { in: ids }, role: { in: rolesWith("notifications:manage") } },
      select: { organizationId: true, notificationsEnabled: true, dashboardVisitedAt: true },
    }),
    prisma.notificationDelivery.findMany({
      where: { userId: user.id, organizationId: { in: ids } },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: {
        id: true,
        kind: true,
        windowStart: true,
        windowEnd: true,
        reportCount: true,
        status: true,
        attempts: true,
        lastError: true,
        sentAt: true,
        createdAt: true,
        organization: { select: { name: true, code: true } },
      },
    }),
  ]);
  const byOrg = new Map(memberships.map((m) => [m.organizationId, m]));
  return {
    schedule: describeSchedule(schedule),
    nextSendAt: nextSlotAfter(now, schedule),
    institutions: institutions.map((institution) => {
      const m = byOrg.get(institution.id);
      const enabled = m?.notificationsEnabled ?? false;
      const visited = m?.dashboardVisitedAt ?? null;
      const reasons: string[] = [];
      if (!user.termsAccepted) reasons.push("You have not accepted the site terms of use.");
      if (!visited) reasons.push("You have not visited this institution's dashboard yet.");
      if (!enabled) reasons.push("You turned notifications off for this institution.");
      return { institution, enabled, dashboardVisitedAt: visited, active: reasons.length === 0, reasons };
    }),
    recent: recent.map((r) => ({
      id: r.id,
      institutionName: r.organization.name,
      diCode: r.organization.code,
      kind: r.kind,
      windowStart: r.windowStart,
      windowEnd: r.windowEnd,
      reportCount: r.reportCount,
      status: r.status,
      attempts: r.attempts,
      lastError: r.lastError,
      sentAt: r.sentAt,
      createdAt: r.createdAt,
    })),
  };
}
