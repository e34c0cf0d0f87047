import type { Prisma } from "@/lib/generated/prisma/client";
import { pool, prepared } from "@/lib/db";
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

/**
 * Append one event. Pass a transaction client to make the event part of the change it records.
 * Without one, the event is written with the others appended at the same moment in one INSERT
 * (see AuditWriter): it is stored when this resolves, as before, and a busy server makes one
 * round trip and one commit for many events instead of one each.
 */
export async function audit(entry: AuditEntry, client?: Writer): Promise<void> {
  const at = new Date();
  if (client) await client.auditEvent.create({ data: { ...columns(entry), at } });
  else await writer().append({ ...columns(entry), at });
  logAudit(entry);
}

/** The log line of an event, once it is stored. */
export function logAudit(entry: AuditEntry): void {
  logger.info({ audit: entry.action, actor: entry.actorUserId, org: entry.organizationId, records: entry.recordCount }, "audit");
}

const COLUMN_LIST = "at, actor_type, actor_user_id, actor_label, action, organization_id, target_user_id, record_count, ip, details";

/**
 * One event as an INSERT for a data-modifying CTE (`WITH logged AS (<this>) SELECT …`): the
 * change or read it records and the record are then one statement, committed together —
 * nothing is shown or changed unless its record is stored — in one round trip. `computed`
 * gives SQL expressions over `from` (a row source of the statement, with any condition) for
 * what only the statement knows: the institution, the record count, and a jsonb merged over
 * `details`. `bind` adds a parameter and returns its placeholder. Call logAudit(entry) once
 * the statement has run.
 */
export function auditInsertSql(
  entry: AuditEntry,
  bind: (value: unknown) => string,
  computed: { from: string; organizationId?: string; recordCount?: string; details?: string },
): string {
  const row = { ...columns(entry), at: new Date() };
  const details = `${bind(JSON.stringify(row.details))}::jsonb${computed.details ? ` || ${computed.details}` : ""}`;
  return `INSERT INTO audit_event (${COLUMN_LIST})
    SELECT ${bind(row.at)}::timestamp, ${bind(row.actorType)}, ${bind(row.actorUserId)}::uuid, ${bind(row.actorLabel)}, ${bind(row.action)},
           ${computed.organizationId ?? `${bind(row.organizationId)}::uuid`}, ${bind(row.targetUserId)}::uuid,
           ${computed.recordCount ?? `${bind(row.recordCount)}::int`}, ${bind(row.ip)}, ${details}
      FROM ${computed.from}`;
}

type AuditRow = ReturnType<typeof columns> & { at: Date };

function columns(entry: AuditEntry) {
  return {
    actorType: entry.actorType,
    actorUserId: entry.actorUserId ?? null,
    actorLabel: entry.actorLabel ?? "",
    action: entry.action,
    organizationId: entry.organizationId ?? null,
    targetUserId: entry.targetUserId ?? null,
    recordCount: entry.recordCount ?? null,
    ip: entry.ip ?? null,
    details: entry.details ?? {},
  };
}

/**
 * Group commit for audit events: the events appended while an INSERT is on its way go in the
 * next one, all together. Each caller still waits for its own event to be stored. If a
 * group's INSERT fails, its events are written one by one, so a bad event fails alone.
 */
class AuditWriter {
  private queued: Array<{ row: AuditRow; done: (error?: unknown) => void }> = [];
  private writing = false;

  append(row: AuditRow): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ row, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    // Let the events appended in this turn of the event loop join the first group.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.queued.length) {
      const group = this.queued.splice(0, 500);
      try {
        await insertRows(group.map((g) => g.row));
        for (const g of group) g.done();
      } catch {
        for (const g of group) {
          await insertRows([g.row]).then(
            () => g.done(),
            (error: unknown) => g.done(error ?? new Error("audit insert failed")),
          );
        }
      }
    }
    this.writing = false;
  }
}

async function insertRows(rows: AuditRow[]): Promise<void> {
  const column = <K extends keyof AuditRow>(key: K) => rows.map((r) => r[key]);
  // Prepared once per connection: the text is the same for any number of rows.
  await pool().query(
    prepared(
      `INSERT INTO audit_event (${COLUMN_LIST})
     SELECT * FROM unnest($1::timestamp[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::int[], $9::text[], $10::jsonb[])`,
      [
        column("at"),
        column("actorType"),
        column("actorUserId"),
        column("actorLabel"),
        column("action"),
        column("organizationId"),
        column("targetUserId"),
        column("recordCount"),
        column("ip"),
        rows.map((r) => JSON.stringify(r.details)),
      ],
    ),
  );
}

function writer(): AuditWriter {
  const holder = globalThis as unknown as { __apAuditWriter?: AuditWriter };
  holder.__apAuditWriter ??= new AuditWriter();
  return holder.__apAuditWriter;
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
