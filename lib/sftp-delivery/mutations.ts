import crypto from "node:crypto";
import { Readable } from "node:stream";
import { audit } from "@/lib/audit";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { encryptSecret } from "@/lib/crypto";
import { prisma } from "@/lib/db";
import {
  describeSftpError,
  generateDeliveryKeyPair,
  openSftp,
  remotePath,
  SftpDeliveryError,
  writeRemote,
  type SftpFailureKind,
} from "@/lib/sftp-delivery/connection";
import { pinHostKey, targetOf } from "@/lib/sftp-delivery/deliver";
import { latestSlot } from "@/lib/sftp-delivery/schedule";
import type { SettingsInput } from "@/lib/sftp-delivery/schema";

export type SaveResult = { ok: true; destinationId: string; keyGenerated: boolean } | { ok: false; field: string; message: string };

/**
 * Saves an institution's delivery settings. The saving administrator becomes the user whose
 * "new" the deliveries use. A key pair is generated the first time key authentication is
 * chosen; a new host or port forgets the pinned host key (it is another server).
 */
export async function saveDestination(
  userId: string,
  institution: AuthorizedInstitution,
  input: Omit<SettingsInput, "institutionId">,
  ip: string | null,
  now = new Date(),
): Promise<SaveResult> {
  const existing = await prisma.sftpDestination.findUnique({
    where: { organizationId: institution.id },
    select: {
      id: true,
      host: true,
      port: true,
      privateKeySealed: true,
      passwordSealed: true,
      schedule: true,
      scheduleTime: true,
      scheduleDay: true,
      lastSlotAt: true,
    },
  });
  const password = input.password?.length ? input.password : null;
  if (input.authMethod === "PASSWORD" && !password && !existing?.passwordSealed) {
    return { ok: false, field: "password", message: "Enter the password of the SFTP user." };
  }
  let keyGenerated = false;
  let keys: { publicKey: string; privateKeySealed: string } | null = null;
  if (input.authMethod === "KEY" && !existing?.privateKeySealed) {
    const pair = generateDeliveryKeyPair(`ap-score-reports-${institution.diCode}`);
    keys = { publicKey: pair.publicKey, privateKeySealed: encryptSecret(pair.privateKey) };
    keyGenerated = true;
  }
  const sameServer = existing && existing.host.toLowerCase() === input.host.toLowerCase() && existing.port === input.port;
  const scheduleChanged = !existing || existing.schedule !== input.schedule || existing.scheduleTime !== input.time || existing.scheduleDay !== input.day;
  const data = {
    userId,
    host: input.host,
    port: input.port,
    username: input.username,
    authMethod: input.authMethod,
    remoteDir: input.remoteDir,
    format: input.format,
    schedule: input.schedule,
    scheduleTime: input.time,
    scheduleDay: input.day,
    failureThreshold: input.failureThreshold,
    enabled: input.enabled,
    ...(keys ?? {}),
    ...(password ? { passwordSealed: encryptSecret(password) } : {}),
    ...(sameServer ? {} : { hostKeySha256: null, hostKeyPinnedAt: null }),
    // A new schedule starts at its next slot, not with a run for a slot already past.
    ...(scheduleChanged ? { lastSlotAt: latestSlot({ schedule: input.schedule, time: input.time, day: input.day }, now) } : {}),
  };
  const saved = existing
    ? await prisma.sftpDestination.update({ where: { id: existing.id }, data, select: { id: true } })
    : await prisma.sftpDestination.create({ data: { organizationId: institution.id, ...data }, select: { id: true } });
  await audit({
    actorType: "user",
    actorUserId: userId,
    action: "sftp.settings-changed",
    organizationId: institution.id,
    ip,
    details: {
      host: input.host,
      port: input.port,
      username: input.username,
      authMethod: input.authMethod,
      remoteDir: input.remoteDir,
      format: input.format,
      schedule: input.schedule,
      enabled: input.enabled,
      created: !existing,
      passwordChanged: Boolean(password),
      hostKeyForgotten: Boolean(existing && !sameServer),
    },
  });
  if (keyGenerated) await audit({ actorType: "user", actorUserId: userId, action: "sftp.key-generated", organizationId: institution.id, ip });
  return { ok: true, destinationId: saved.id, keyGenerated };
}

/** A new key pair: the old public key stops working once removed from the server. */
export async function regenerateKeyPair(
  userId: string,
  institution: AuthorizedInstitution,
  ip: string | null,
): Promise<{ ok: true; publicKey: string } | { ok: false }> {
  const pair = generateDeliveryKeyPair(`ap-score-reports-${institution.diCode}`);
  const updated = await prisma.sftpDestination.updateMany({
    where: { organizationId: institution.id },
    data: { publicKey: pair.publicKey, privateKeySealed: encryptSecret(pair.privateKey) },
  });
  if (!updated.count) return { ok: false };
  await audit({ actorType: "user", actorUserId: userId, action: "sftp.key-generated", organizationId: institution.id, ip, details: { replaced: true } });
  return { ok: true, publicKey: pair.publicKey };
}

export async function forgetHostKey(userId: string, institution: AuthorizedInstitution, ip: string | null): Promise<boolean> {
  const previous = await prisma.sftpDestination.findUnique({ where: { organizationId: institution.id }, select: { hostKeySha256: true } });
  if (!previous) return false;
  await prisma.sftpDestination.update({ where: { organizationId: institution.id }, data: { hostKeySha256: null, hostKeyPinnedAt: null } });
  await audit({
    actorType: "user",
    actorUserId: userId,
    action: "sftp.host-key-forgotten",
    organizationId: institution.id,
    ip,
    details: { fingerprint: previous.hostKeySha256 },
  });
  return true;
}

export async function removeDestination(userId: string, institution: AuthorizedInstitution, ip: string | null): Promise<boolean> {
  const removed = await prisma.sftpDestination.deleteMany({ where: { organizationId: institution.id } });
  if (removed.count) await audit({ actorType: "user", actorUserId: userId, action: "sftp.removed", organizationId: institution.id, ip });
  return removed.count > 0;
}

export type TestResult = { ok: true; message: string; hostKey: string; pinned: boolean } | { ok: false; kind: SftpFailureKind; message: string };

/**
 * "Test connection": connects (checking the pinned host key), uploads a small file to the
 * folder, checks it and removes it. Pins the host key when none is pinned yet.
 */
export async function testConnection(userId: string, institution: AuthorizedInstitution, ip: string | null): Promise<TestResult> {
  const dest = await prisma.sftpDestination.findUnique({
    where: { organizationId: institution.id },
    select: {
      id: true,
      host: true,
      port: true,
      username: true,
      authMethod: true,
      privateKeySealed: true,
      passwordSealed: true,
      hostKeySha256: true,
      remoteDir: true,
    },
  });
  if (!dest) return { ok: false, kind: "other", message: "Save the delivery settings first." };
  const result = await probe(dest);
  let pinned = false;
  if (result.ok && !dest.hostKeySha256) {
    await pinHostKey(dest.id, result.hostKey, "test");
    pinned = true;
  }
  await audit({
    actorType: "user",
    actorUserId: userId,
    action: "sftp.tested",
    organizationId: institution.id,
    ip,
    details: result.ok ? { ok: true, host: dest.host, hostKey: result.hostKey } : { ok: false, host: dest.host, kind: result.kind, error: result.message },
  });
  return result.ok ? { ...result, pinned, message: pinned ? `${result.message} Host key ${result.hostKey} is now pinned.` : result.message } : result;
}

async function probe(dest: Parameters<typeof targetOf>[0] & { remoteDir: string }): Promise<TestResult> {
  const where = `${dest.host}:${dest.port}`;
  const name = `ap-connection-test-${crypto.randomBytes(4).toString("hex")}.tmp`;
  const file = remotePath(dest.remoteDir, name);
  const content = Buffer.from("AP Score Reports connection test. This file is removed right away.\r\n", "latin1");
  try {
    const session = await openSftp(targetOf(dest));
    try {
      try {
        await writeRemote(session.client, Readable.from([content]), file);
      } catch (error) {
        throw describeSftpError(error, where, `uploading the test file ${name} to ${dest.remoteDir}`);
      }
      try {
        const size = (await session.client.stat(file)).size;
        if (size !== content.length) throw new SftpDeliveryError("verify", `${where} stored ${size} bytes of the test file instead of ${content.length}.`);
        await session.client.delete(file);
      } catch (error) {
        throw describeSftpError(error, where, `checking and removing the test file ${name}`);
      }
      return { ok: true, hostKey: session.hostKey, pinned: false, message: `Connected to ${where}, uploaded and removed a test file in ${dest.remoteDir}.` };
    } finally {
      await session.end();
    }
  } catch (error) {
    const failure = describeSftpError(error, where, "testing the connection");
    return { ok: false, kind: failure.kind, message: failure.message };
  }
}
