import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db";
import { logger } from "@/lib/logger";

/** Every action the audit log knows; the console filters by these. */
export const AUDIT_ACTIONS = [
  "sign-in.success",
  "sign-in.failure",
  "sign-in.locked",
  "sign-out",
  "account.created",
  "account.sign-up-duplicate",
  "email.verification-sent",
  "email.verified",
  "invitation.created",
  "invitation.accepted",
  "account.profile-updated",
  "password.changed",
  "mfa.enabled",
  "mfa.disabled",
  "app-password.created",
  "app-password.revoked",
  "terms.accepted",
  "access-code.redeemed",
  "access-code.rejected",
  "enrollment.left",
  "enrollment.removed",
  "admin.institution.created",
  "admin.institution.updated",
  "admin.access-code.issued",
  "admin.access-code.rotated",
  "admin.access-code.revoked",
  "admin.access-code.updated",
  "admin.access-code.sent",
  "admin.user.unlocked",
  "admin.user.locked",
  "admin.token.created",
  "admin.token.revoked",
  "admin.score-reports.loaded",
  "bulk-file.generated",
  "bulk-file.downloaded",
  "bulk-file.logged",
  "web-service.auth",
  "web-service.auth-refused",
  "web-service.file-list",
  "web-service.file-generation",
  "web-service.download-logged",
  "pdf.lookup",
  "pdf.downloaded",
  "notification.sent",
  "notification.settings-changed",
  "notification.test-sent",
  "webhook.registered",
  "webhook.removed",
  "webhook.test-sent",
  "sftp.settings-changed",
  "sftp.removed",
  "sftp.key-generated",
  "sftp.host-key-pinned",
  "sftp.host-key-forgotten",
  "sftp.tested",
  "sftp.delivered",
  "sftp.failed",
  "sftp.failure-notified",
  "activity.exported",
  "k12.view",
  "k12.download",
  "k12.access-removed",
  "k12.access-restored",
  "k12.sections-selected",
  "k12.teachers-restricted",
  "k12.district-authorized",
  "k12.access-code-revealed",
  "admin.k12.loaded",
  "audit.retention-applied",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  actorType: "user" | "admin-token" | "web-service" | "system";
  actorUserId?: string | null;
  actorLabel?: string;
  action: AuditAction;
  organizationId?: string | null;
  targetUserId?: string | null;
  recordCount?: number | null;
  ip?: string | null;
  details?: Prisma.InputJsonObject;
}

type Writer = Pick<Prisma.TransactionClient, "auditEvent">;

/** Append one event. Pass a transaction client to make the event part of the change it records. */
export async function audit(entry: AuditEntry, client: Writer = prisma): Promise<void> {
  await client.auditEvent.create({
    data: {
      actorType: entry.actorType,
      actorUserId: entry.actorUserId ?? null,
      actorLabel: entry.actorLabel ?? "",
      action: entry.action,
      organizationId: entry.organizationId ?? null,
      targetUserId: entry.targetUserId ?? null,
      recordCount: entry.recordCount ?? null,
      ip: entry.ip ?? null,
      details: entry.details ?? {},
    },
  });
  logger.info({ audit: entry.action, actor: entry.actorUserId, org: entry.organizationId, records: entry.recordCount }, "audit");
}

/** Who performed an admin action, as recorded in the audit log. */
export interface AdminActor {
  type: "user" | "admin-token";
  /** The administrator (for a token: the administrator who created it, if still known). */
  userId: string | null;
  label: string;
  tokenId: string | null;
  ip: string | null;
}

/** The audit fields that identify an admin actor. */
export function actorFields(actor: AdminActor) {
  return { actorType: actor.type, actorUserId: actor.userId, actorLabel: actor.label, ip: actor.ip } as const;
}
