import type pg from "pg";
import { inBulkLane, pool, prepared, withPgTransaction } from "@/lib/db";
import { auditInsertSql, logAudit, type AuditEntry } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { rateLimitResult, ruleHitQuery, type RateLimitRow, type RateLimitRule } from "@/lib/rate-limit";
import { inlineParameters } from "@/lib/pg-copy";
import { addDays, reportingYearStart, retentionStart, startOfZonedDay } from "@/lib/dates";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { CURRENT_WATERMARK_SQL, fileCountQuery, type BulkFormat, type BulkType, type NewFileDefinition } from "@/lib/bulk/definition";
import { bulkFileName } from "@/lib/bulk/file-name";
import { sequenceReleases, UNSEQUENCED_SQL } from "@/lib/bulk/sequence";
import { ownerPermittedSql } from "@/lib/bulk/queries";
import { rolesWith, type InstitutionPermission } from "@/lib/permissions";

export type Channel = "PORTAL" | "WEB_SERVICE" | "SFTP";

/** Who the audit log names for a file made or logged through each channel. */
const CHANNEL_ACTOR = { PORTAL: "user", WEB_SERVICE: "web-service", SFTP: "system" } as const;

export interface CreateBulkFileArgs {
  userId: string;
  institution: AuthorizedInstitution;
  channel: Channel;
  type: BulkType;
  format: BulkFormat;
  /** Custom range, inclusive calendar dates in the reporting time zone. */
  range?: { start: string; end: string };
  /**
   * An incremental file when the user has no logged full or incremental file yet: the portal
   * refuses ("download the full file first"); the web service treats "new" as "full".
   */
  withoutBase: "refuse" | "as-full";
  /** Refuse to create a file with no records (the web service's "no score orders found"). */
  refuseEmpty: boolean;
  ip?: string | null;
  now?: Date;
  /**
   * A rate limit to count this request against, in the same round trip as the lock (the web
   * service's file generation). Used up, the file is not made: `reason: "rate-limited"`.
   */
  throttle?: { rule: RateLimitRule; subject: string };
  /**
   * Another event stored by the file's statement when the file is made (the web-service call
   * that asked for it), with the file's institution, record count and downloadId filled in.
   */
  callEvent?: AuditEntry;
}

export interface BulkFileInfo {
  id: string;
  fileName: string;
  type: BulkType;
  format: BulkFormat;
  channel: Channel;
  recordCount: number;
  createdAt: Date;
}

export type CreateBulkFileResult =
  | { ok: true; file: BulkFileInfo }
  | { ok: false; reason: "no-base" | "empty"; message: string }
  | { ok: false; reason: "rate-limited"; message: string; retryAfterSeconds: number };

export const NO_BASE_MESSAGE = "The incremental file becomes available after your first full file download. Download the full file first.";
export const NOTHING_NEW_MESSAGE = "There are no new score reports since your last incremental or full file download.";

interface BaseRow {
  id: string;
  watermark: string;
}

/**
 * The base of "new": the newest logged full or incremental file of this user at this
 * institution (portal and web service share it; custom ranges and PDFs never move it).
 */
/** The user's latest logged full or incremental file at the institution: an incremental file's base. */
const LATEST_LOGGED_FILE_SQL = `SELECT id::text, watermark::text
   FROM bulk_file
  WHERE user_id = $1::uuid AND organization_id = $2::uuid AND logged_at IS NOT NULL AND type IN ('FULL', 'INCREMENTAL')
  -- Qualified: a bare "id" would sort by the id::text output column ("9" > "10").
  ORDER BY bulk_file.id DESC LIMIT 1`;

function inlined(query: { text: string; values: readonly unknown[] }): string {
  return inlineParameters(query.text, query.values);
}

/** Validates a custom range (inclusive calendar dates) against retention; returns its instants. */
export function customRangeBounds(range: { start: string; end: string }, now: Date): { from: Date; until: Date } {
  const from = startOfZonedDay(range.start);
  const until = startOfZonedDay(addDays(range.end, 1));
  const oldest = retentionStart(now);
  if (from > until || range.start > range.end) throw new AppError("BAD_REQUEST", "The start date must be on or before the end date.", { field: "start" });
  if (from < oldest) {
    throw new AppError("BAD_REQUEST", "The start date is before the oldest score reports still available (July 1 two years ago).", { field: "start" });
  }
  if (from > now) throw new AppError("BAD_REQUEST", "The start date cannot be in the future.", { field: "start" });
  return { from, until };
}

/**
 * Creates a bulk file: reads the release sequence's watermark, finds the base, counts the
 * records and stores the definition. The records themselves are streamed later from that
 * definition.
 *
 * Versions whose release committed but was not sequenced yet (a crash between the two) are
 * sequenced first, so a file never waits for the sweep. Generation is serialized per user and
 * institution (an advisory lock), so files' ids follow their watermarks and "the newest logged
 * file" is also the one that saw the most.
 */
export async function createBulkFile(args: CreateBulkFileArgs): Promise<CreateBulkFileResult> {
  const now = args.now ?? new Date();
  const orgId = args.institution.id;
  const custom = args.type === "CUSTOM" ? customRangeBounds(args.range ?? { start: "", end: "" }, now) : null;

  const event = {
    actorType: CHANNEL_ACTOR[args.channel],
    actorUserId: args.userId,
    action: "bulk-file.generated",
    organizationId: orgId,
    ip: args.ip ?? null,
    details: { type: args.type, format: args.format, channel: args.channel, ...(args.range ? { range: args.range } : {}) },
  } as const;

  const lockKey = `bulk:${args.userId}:${orgId}`;
  // One round trip with BEGIN: the lock, then what must be read under it (the hit counted
  // against the rate limit, whether releases wait for positions, an incremental file's base).
  // `counting`: the rate limit this attempt counts a hit against, if any.
  const withBegin = (counting: CreateBulkFileArgs["throttle"]) =>
    [
      inlineParameters("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [lockKey]),
      ...(counting ? [inlined(ruleHitQuery(counting.rule, counting.subject))] : []),
      UNSEQUENCED_SQL,
      ...(args.type === "INCREMENTAL" ? [inlineParameters(LATEST_LOGGED_FILE_SQL, [args.userId, orgId])] : []),
    ].join(";\n");
  const read = (begun: pg.QueryResult[], counting: CreateBulkFileArgs["throttle"]) => {
    const rest = begun.slice(1);
    const hit = counting ? (rest.shift()!.rows[0] as RateLimitRow | undefined) : undefined;
    const pending = (rest.shift()!.rows[0] as { pending: boolean } | undefined)?.pending ?? false;
    const base = args.type === "INCREMENTAL" ? ((rest.shift()!.rows[0] as BaseRow | undefined) ?? null) : null;
    return { hit, pending, base };
  };

  // In the bulk lane (lib/db.ts): on release day many files are asked for at once, and pages must not queue behind them.
  const result = await inBulkLane(async () => {
    // Versions committed but not yet given positions (releases sequence themselves right after
    // they commit, so rarely) would be missing from this file: it is made again once
    // sequenceReleases has placed them. Once only: a file made while releases keep arriving is
    // still exact, as they land in the next one.
    for (let attempt = 1; ; attempt++) {
      // The hit is counted once, on the first attempt.
      const counting = attempt === 1 ? args.throttle : undefined;
      const made = await withPgTransaction(
        async (_client, tx): Promise<CreateBulkFileResult | "sequence-first"> => {
          const { hit, pending, base } = read(tx.begun, counting);
          if (counting) {
            const { rule } = counting;
            const counted = rateLimitResult(hit, rule.limit, rule.windowSeconds);
            // Refused: nothing is made; the hit stays counted, as every hit is (lib/rate-limit.ts).
            if (!counted.allowed) return { ok: false, reason: "rate-limited", message: rule.message, retryAfterSeconds: counted.retryAfterSeconds };
          }
          if (pending && attempt === 1) return "sequence-first";
          if (args.type === "INCREMENTAL" && !base && args.withoutBase === "refuse") {
            return { ok: false, reason: "no-base", message: NO_BASE_MESSAGE };
          }
          const yearStart = reportingYearStart(now);
          const rangeStart = custom ? custom.from : args.type === "FULL" || !base ? yearStart : null;
          // The watermark is read by the statement that counts and records the file: after the
          // lock, so it is at least every earlier file's watermark.
          const definition: NewFileDefinition = {
            organizationId: orgId,
            type: args.type,
            watermark: "current",
            base: base ? BigInt(base.watermark) : null,
            from: rangeStart ?? retentionStart(now),
            until: custom ? custom.until : null,
          };
          const fileName = bulkFileName(args.institution.diCode, now, args.type, args.format);
          // Counted, recorded and audited in one statement (the busiest call of the web service),
          // sent with COMMIT: the file and its bulk-file.generated event commit together; an
          // empty file the caller refuses is neither recorded nor audited.
          const count = fileCountQuery(definition);
          const values: unknown[] = [...count.values];
          const bind = (value: unknown) => `$${values.push(value)}`;
          const insertFile = `INSERT INTO bulk_file (user_id, organization_id, channel, type, format, file_name, range_start, range_end,
                                  watermark, base_position, base_file_id, record_count, created_at)
           SELECT ${bind(args.userId)}::uuid, ${bind(orgId)}::uuid, ${bind(args.channel)}::download_channel, ${bind(args.type)}::bulk_file_type,
                  ${bind(args.format)}::file_format, ${bind(fileName)}, ${bind(rangeStart)}::timestamp, ${bind(custom ? custom.until : null)}::timestamp,
                  ${CURRENT_WATERMARK_SQL}, ${bind(base?.watermark ?? null)}::bigint, ${bind(base?.id ?? null)}::bigint,
                  counted.n, ${bind(now)}::timestamp
             FROM counted WHERE counted.n > 0 OR NOT ${bind(args.refuseEmpty ?? false)}::boolean
           RETURNING id, organization_id, created_at, record_count`;
          const ofFile = {
            from: "file",
            organizationId: "file.organization_id",
            recordCount: "file.record_count",
            details: "jsonb_build_object('downloadId', file.id::text)",
          };
          const logged = auditInsertSql(event, bind, ofFile);
          const called = args.callEvent ? `, called AS (${auditInsertSql(args.callEvent, bind, ofFile)})` : "";
          const { rows } = await tx.commitWith(
            inlineParameters(
              `WITH counted AS (${count.text}), file AS (${insertFile}), logged AS (${logged})${called} SELECT id::text, created_at, record_count FROM file`,
              values,
            ),
          );
          const row = rows[0] as { id: string; created_at: Date; record_count: number } | undefined;
          if (!row) return { ok: false, reason: "empty", message: NOTHING_NEW_MESSAGE };
          return {
            ok: true,
            file: {
              id: row.id,
              fileName,
              type: args.type,
              format: args.format,
              channel: args.channel,
              recordCount: row.record_count,
              createdAt: row.created_at,
            },
          };
        },
        { withBegin: withBegin(counting) },
      );
      if (made !== "sequence-first") return made;
      await sequenceReleases();
    }
  });
  // Logged once the transaction has committed the file and its event.
  if (result.ok) logAudit({ ...event, recordCount: result.file.recordCount });
  return result;
}

export type LogResult =
  | { ok: true; alreadyLogged: boolean; organizationId: string; recordCount: number }
  | { ok: false; reason: "not-found" | "not-yours" | "no-permission" }
  | { ok: false; reason: "other-format"; format: BulkFormat };

/**
 * Records that the user has the file (web service step 4, the portal after serving it, an SFTP
 * delivery). Only then does "new" move past it. Logging twice is harmless. With `expect`, the
 * same statement also refuses a file of another format, or one whose owner no longer holds
 * `ownerMay` at its institution (nothing is logged then).
 */
export async function logBulkFile(
  fileId: string,
  userId: string,
  ip?: string | null,
  via: Channel = "WEB_SERVICE",
  expect?: {
    format: BulkFormat;
    ownerMay: InstitutionPermission;
    now?: Date;
    /** Another event stored by the statement when the file is logged (the web-service call), with its institution and records filled in. */
    callEvent?: AuditEntry;
  },
): Promise<LogResult> {
  if (!/^\d{1,18}$/.test(fileId)) return { ok: false, reason: "not-found" };
  const values: unknown[] = [fileId, userId];
  const bind = (value: unknown) => `$${values.push(value)}`;
  const permitted = expect ? ownerPermittedSql("f", bind(rolesWith(expect.ownerMay)), bind(expect.now ?? new Date())) : "true";
  const sameFormat = expect ? `AND t.format = ${bind(expect.format)}::file_format` : "";
  const event = {
    actorType: CHANNEL_ACTOR[via],
    actorUserId: userId,
    action: "bulk-file.logged",
    ip: ip ?? null,
    details: { downloadId: fileId, channel: via },
  } as const;
  // The first log of a file and its bulk-file.logged event commit together, in one statement.
  const logged = auditInsertSql({ ...event, organizationId: null }, bind, {
    from: "target JOIN updated ON updated.id = target.id WHERE NOT target.was_logged",
    organizationId: "target.organization_id",
    recordCount: "target.record_count",
  });
  const called = expect?.callEvent
    ? `, called AS (${auditInsertSql(expect.callEvent, bind, { from: "target JOIN updated ON updated.id = target.id", organizationId: "target.organization_id", recordCount: "target.record_count" })})`
    : "";
  const { rows } = await pool().query<{
    user_id: string;
    organization_id: string;
    format: BulkFormat;
    record_count: number;
    was_logged: boolean;
    permitted: boolean;
    updated: boolean;
  }>(
    prepared(
      `WITH target AS (SELECT f.id, f.user_id, f.organization_id, f.format, f.record_count, f.logged_at IS NOT NULL AS was_logged, ${permitted} AS permitted
                         FROM bulk_file f WHERE f.id = $1::bigint),
            updated AS (UPDATE bulk_file b SET logged_at = COALESCE(b.logged_at, now())
                          FROM target t WHERE b.id = t.id AND t.user_id = $2::uuid AND t.permitted ${sameFormat}
                        RETURNING b.id),
            logged AS (${logged})${called}
       SELECT user_id::text, organization_id::text, format::text AS format, record_count, was_logged, permitted, EXISTS (SELECT 1 FROM updated) AS updated
         FROM target`,
      values,
    ),
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: "not-found" };
  if (row.user_id !== userId) return { ok: false, reason: "not-yours" };
  if (expect && row.format !== expect.format) return { ok: false, reason: "other-format", format: row.format };
  if (!row.permitted) return { ok: false, reason: "no-permission" };
  if (!row.updated) return { ok: false, reason: "not-found" };
  if (!row.was_logged) logAudit({ ...event, organizationId: row.organization_id, recordCount: row.record_count });
  return { ok: true, alreadyLogged: row.was_logged, organizationId: row.organization_id, recordCount: row.record_count };
}
