import { Readable } from "node:stream";
import type pg from "pg";
import { audit } from "@/lib/audit";
import type { AuthorizedInstitution, AuthorizedOrganizationId } from "@/lib/auth/gate";
import { createBulkFile, logBulkFile } from "@/lib/bulk/mutations";
import { loadBulkFile } from "@/lib/bulk/queries";
import { bulkFileChunks, txtFileBytes } from "@/lib/bulk/stream";
import { decryptSecret } from "@/lib/crypto";
import { pool, prisma } from "@/lib/db";
import { logger } from "@/lib/logger";
import { allows } from "@/lib/permissions";
import { openSftp, remotePath, SftpDeliveryError, uploadAndRename, type SftpFailureKind, type SftpTarget } from "@/lib/sftp-delivery/connection";
import { deliveryFileName, stampOf, temporaryName } from "@/lib/sftp-delivery/file-name";
import { notifyDeliveryFailing } from "@/lib/sftp-delivery/notify";

export type RunOutcome =
  | { status: "busy" }
  | { status: "not-configured" }
  | { status: "empty" }
  | { status: "delivered"; deliveryId: string; fileName: string; records: number; bytes: number }
  | { status: "failed"; kind: SftpFailureKind; error: string; deliveryId: string | null };

/** Test seams: called between the steps a crash could separate. */
export interface RunHooks {
  afterUpload?: () => Promise<void> | void;
  afterRename?: () => Promise<void> | void;
}

interface Destination {
  id: string;
  organizationId: string;
  userId: string;
  host: string;
  port: number;
  username: string;
  authMethod: "KEY" | "PASSWORD";
  privateKeySealed: string | null;
  passwordSealed: string | null;
  remoteDir: string;
  format: "TXT" | "CSV";
  enabled: boolean;
  hostKeySha256: string | null;
  failureThreshold: number;
  organization: { code: string; name: string };
}

export function targetOf(
  d: Pick<Destination, "host" | "port" | "username" | "authMethod" | "privateKeySealed" | "passwordSealed" | "hostKeySha256">,
): SftpTarget {
  const secret = d.authMethod === "KEY" ? d.privateKeySealed : d.passwordSealed;
  if (!secret) throw new SftpDeliveryError("authentication", d.authMethod === "KEY" ? "No key pair has been generated yet." : "No password is stored yet.");
  return {
    host: d.host,
    port: d.port,
    username: d.username,
    ...(d.authMethod === "KEY" ? { privateKey: decryptSecret(secret) } : { password: decryptSecret(secret) }),
    pinnedHostKey: d.hostKeySha256,
  };
}

/**
 * The configuring user's standing at the institution, checked before every delivery: a user
 * who lost the APOSRD HED Admin role (or their account) stops the deliveries made in their name.
 */
async function institutionFor(userId: string, organizationId: string): Promise<AuthorizedInstitution | null> {
  const memberships = await prisma.membership.findMany({
    where: { userId, organizationId, organization: { kind: "COLLEGE" }, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    select: { role: true, organization: { select: { id: true, code: true, name: true } } },
  });
  const m = memberships.find((row) => allows({ role: row.role }, "bulk:download"));
  return m ? { id: m.organization.id as AuthorizedOrganizationId, diCode: m.organization.code, name: m.organization.name } : null;
}

/** One run at a time per destination, across every worker: a session lock dies with its process. */
async function tryLock(destinationId: string): Promise<pg.PoolClient | null> {
  const client = await pool().connect();
  const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [
    `sftp-delivery:${destinationId}`,
  ]);
  if (rows[0]?.locked) return client;
  client.release();
  return null;
}

async function unlock(client: pg.PoolClient, destinationId: string): Promise<void> {
  try {
    await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [`sftp-delivery:${destinationId}`]);
    client.release();
  } catch {
    client.release(true);
  }
}

interface PendingDelivery {
  id: string;
  bulkFileId: string;
  fileName: string;
  recordCount: number;
}

/**
 * The delivery to send: the unfinished one, or a new bulk file of everything new for the
 * configuring user. The row (bulk file id and final name) is written before anything is
 * uploaded, so a retry after a crash sends the same file under the same name.
 */
async function deliveryToSend(dest: Destination, institution: AuthorizedInstitution, now: Date): Promise<PendingDelivery | null> {
  const pending = await prisma.sftpDelivery.findFirst({
    where: { destinationId: dest.id, status: "PENDING" },
    orderBy: { id: "asc" },
    select: { id: true, bulkFileId: true, fileName: true, recordCount: true },
  });
  if (pending) return { id: pending.id.toString(), bulkFileId: pending.bulkFileId.toString(), fileName: pending.fileName, recordCount: pending.recordCount };
  // The same call the web service's "new" makes; unlogged files never move the watermark, so a
  // crash before the row below is written only leaves an orphan the next run supersedes.
  const created = await createBulkFile({
    userId: dest.userId,
    institution,
    channel: "SFTP",
    type: "INCREMENTAL",
    format: dest.format,
    withoutBase: "as-full",
    refuseEmpty: true,
    now,
  });
  if (!created.ok) return null;
  const fileName = await unusedFileName(dest.id, institution.diCode, created.file.createdAt, dest.format);
  const row = await prisma.sftpDelivery.create({
    data: { destinationId: dest.id, organizationId: dest.organizationId, bulkFileId: BigInt(created.file.id), fileName, recordCount: created.file.recordCount },
    select: { id: true },
  });
  return { id: row.id.toString(), bulkFileId: created.file.id, fileName, recordCount: created.file.recordCount };
}

/**
 * The bulk file's name, its stamp moved a second past the previous delivery's when two land in
 * the same second: a new delivery must never replace an earlier file the server still holds.
 */
async function unusedFileName(destinationId: string, diCode: string, createdAt: Date, format: "TXT" | "CSV"): Promise<string> {
  const previous = await prisma.sftpDelivery.findFirst({ where: { destinationId }, orderBy: { id: "desc" }, select: { fileName: true } });
  const previousStamp = previous ? stampOf(previous.fileName) : null;
  let at = new Date(Math.floor(createdAt.getTime() / 1000) * 1000);
  while (previousStamp && stampOf(deliveryFileName(diCode, at, format))! <= previousStamp) at = new Date(at.getTime() + 1000);
  return deliveryFileName(diCode, at, format);
}

/**
 * One delivery run for a destination: resumes the unfinished delivery or makes a new one,
 * uploads it to a temporary name, checks the stored size, renames it to its final name and
 * only then logs the bulk file (which moves the user's "new"). Any failure leaves the row
 * PENDING for the next attempt; nothing with missing records ever carries the final name.
 */
export async function runSftpDelivery(destinationId: string, opts: { now?: Date; hooks?: RunHooks } = {}): Promise<RunOutcome> {
  const lock = await tryLock(destinationId);
  if (!lock) return { status: "busy" };
  let deliveryId: string | null = null;
  let dest: Destination | null = null;
  try {
    dest = await prisma.sftpDestination.findUnique({
      where: { id: destinationId },
      select: {
        id: true,
        organizationId: true,
        userId: true,
        host: true,
        port: true,
        username: true,
        authMethod: true,
        privateKeySealed: true,
        passwordSealed: true,
        remoteDir: true,
        format: true,
        enabled: true,
        hostKeySha256: true,
        failureThreshold: true,
        organization: { select: { code: true, name: true } },
      },
    });
    if (!dest || !dest.enabled) return { status: "not-configured" };
    const now = opts.now ?? new Date();
    await prisma.sftpDestination.update({ where: { id: dest.id }, data: { lastAttemptAt: now } });
    const institution = await institutionFor(dest.userId, dest.organizationId);
    if (!institution) {
      throw new SftpDeliveryError(
        "access",
        "The user who set up this delivery is no longer an APOSRD HED Admin of the institution. Another administrator must save the settings again.",
      );
    }
    const target = targetOf(dest);
    const delivery = await deliveryToSend(dest, institution, now);
    if (!delivery) return { status: "empty" };
    deliveryId = delivery.id;
    await prisma.sftpDelivery.update({ where: { id: BigInt(delivery.id) }, data: { attempts: { increment: 1 } } });
    const file = await loadBulkFile(delivery.bulkFileId);
    if (!file) throw new Error(`bulk file ${delivery.bulkFileId} of SFTP delivery ${delivery.id} is missing`);

    const session = await openSftp(target);
    let bytes = 0;
    try {
      let streamed = 0;
      const counted = (async function* () {
        for await (const chunk of bulkFileChunks(file.definition, file.format)) {
          streamed += chunk.length;
          yield chunk;
        }
      })();
      bytes = await uploadAndRename(
        session,
        Readable.from(counted, { objectMode: false }),
        { temporary: remotePath(dest.remoteDir, temporaryName(delivery.fileName)), final: remotePath(dest.remoteDir, delivery.fileName) },
        () => {
          if (file.format === "TXT" && streamed !== txtFileBytes(delivery.recordCount)) {
            throw new SftpDeliveryError(
              "verify",
              `The file had ${streamed} bytes instead of ${txtFileBytes(delivery.recordCount)}; it was not renamed and will be generated again.`,
            );
          }
          return streamed;
        },
        opts.hooks?.afterUpload ? { afterUpload: opts.hooks.afterUpload } : {},
      );
      if (!dest.hostKeySha256) await pinHostKey(dest.id, session.hostKey, "delivery");
    } finally {
      await session.end();
    }
    await prisma.sftpDelivery.update({ where: { id: BigInt(delivery.id) }, data: { renamedAt: new Date(), byteSize: BigInt(bytes) } });
    await opts.hooks?.afterRename?.();

    const logged = await logBulkFile(delivery.bulkFileId, dest.userId, null, "SFTP");
    if (!logged.ok) throw new Error(`could not log bulk file ${delivery.bulkFileId}: ${logged.reason}`);
    await prisma.$transaction([
      prisma.sftpDelivery.update({ where: { id: BigInt(delivery.id) }, data: { status: "DELIVERED", deliveredAt: new Date(), lastError: null } }),
      prisma.sftpDestination.update({ where: { id: dest.id }, data: { consecutiveFailures: 0, failureNotifiedAt: null, lastError: null } }),
    ]);
    await audit({
      actorType: "system",
      actorLabel: "SFTP delivery",
      actorUserId: dest.userId,
      action: "sftp.delivered",
      organizationId: dest.organizationId,
      recordCount: delivery.recordCount,
      details: { deliveryId: delivery.id, downloadId: delivery.bulkFileId, fileName: delivery.fileName, host: dest.host, bytes },
    });
    return { status: "delivered", deliveryId: delivery.id, fileName: delivery.fileName, records: delivery.recordCount, bytes };
  } catch (error) {
    if (!dest) throw error;
    const failure = error instanceof SftpDeliveryError ? error : null;
    if (!failure) logger.error({ err: error, destinationId }, "SFTP delivery failed unexpectedly");
    const message = failure?.message ?? "The delivery failed because of an error on our side; it will be retried.";
    await recordFailure(dest, deliveryId, failure?.kind ?? "other", message);
    return { status: "failed", kind: failure?.kind ?? "other", error: message, deliveryId };
  } finally {
    await unlock(lock, destinationId);
  }
}

async function recordFailure(dest: Destination, deliveryId: string | null, kind: SftpFailureKind, message: string): Promise<void> {
  if (deliveryId) await prisma.sftpDelivery.update({ where: { id: BigInt(deliveryId) }, data: { lastError: message } });
  const updated = await prisma.sftpDestination.update({
    where: { id: dest.id },
    data: { consecutiveFailures: { increment: 1 }, lastError: message },
    select: { consecutiveFailures: true, failureNotifiedAt: true },
  });
  await audit({
    actorType: "system",
    actorLabel: "SFTP delivery",
    actorUserId: dest.userId,
    action: "sftp.failed",
    organizationId: dest.organizationId,
    details: { ...(deliveryId ? { deliveryId } : {}), kind, error: message, host: dest.host, consecutiveFailures: updated.consecutiveFailures },
  });
  if (updated.consecutiveFailures >= dest.failureThreshold && !updated.failureNotifiedAt) {
    // Claimed before sending, so two workers never both email; a failed email is logged, and
    // the next failure tries again.
    const claimed = await prisma.sftpDestination.updateMany({ where: { id: dest.id, failureNotifiedAt: null }, data: { failureNotifiedAt: new Date() } });
    if (claimed.count) {
      try {
        await notifyDeliveryFailing({
          organizationId: dest.organizationId,
          institutionName: dest.organization.name,
          diCode: dest.organization.code,
          host: dest.host,
          failures: updated.consecutiveFailures,
          reason: message,
        });
      } catch (mailError) {
        logger.error({ err: mailError, destinationId: dest.id }, "could not email the SFTP delivery failure");
        await prisma.sftpDestination.update({ where: { id: dest.id }, data: { failureNotifiedAt: null } });
      }
    }
  }
}

/** Records the server's host key as the one to expect from now on. */
export async function pinHostKey(destinationId: string, fingerprint: string, via: "delivery" | "test"): Promise<void> {
  const pinned = await prisma.sftpDestination.updateMany({
    where: { id: destinationId, hostKeySha256: null },
    data: { hostKeySha256: fingerprint, hostKeyPinnedAt: new Date() },
  });
  if (pinned.count) {
    const dest = await prisma.sftpDestination.findUnique({ where: { id: destinationId }, select: { organizationId: true, userId: true, host: true } });
    if (dest) {
      await audit({
        actorType: "system",
        actorLabel: "SFTP delivery",
        actorUserId: dest.userId,
        action: "sftp.host-key-pinned",
        organizationId: dest.organizationId,
        details: { host: dest.host, fingerprint, via },
      });
    }
  }
}
