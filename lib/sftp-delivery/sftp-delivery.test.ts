import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { startTestSftpServer, type TestSftpServer } from "@/lib/test/sftp-server";
import { prisma } from "@/lib/db";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { releaseScoreReports } from "@/lib/reports/release";
import { SAMPLE_STUDENT, createMember, makeCollege, releaseInput } from "@/lib/test/factories";
import { loadBulkFile } from "@/lib/bulk/queries";
import { bulkFileChunks } from "@/lib/bulk/stream";
import { parseTxtFile } from "@/lib/formats/txt";
import { createBulkFile, NOTHING_NEW_MESSAGE } from "@/lib/bulk/mutations";
import { runSftpDelivery } from "@/lib/sftp-delivery/deliver";
import { saveDestination, testConnection, forgetHostKey } from "@/lib/sftp-delivery/mutations";
import { deliveryHistory, destinationFor } from "@/lib/sftp-delivery/queries";
import type { SettingsInput } from "@/lib/sftp-delivery/schema";
import { destinationsAfterRelease, dueDestinations } from "@/lib/sftp-delivery/due";
import { nextSlot } from "@/lib/sftp-delivery/schedule";

useTestDatabase();

let server: TestSftpServer;
let college: AuthorizedInstitution;
let admin: { id: string; email: string };
let colleague: { id: string; email: string };
let counter = 0;

async function release(count: number): Promise<void> {
  await releaseScoreReports(
    Array.from({ length: count }, () => {
      counter++;
      const apId = `S${String(counter).padStart(7, "0")}`;
      return releaseInput("7311", { ...SAMPLE_STUDENT, apId, firstName: "Sftp", lastName: `Student${counter}` });
    }),
  );
}

function settings(extra: Partial<Omit<SettingsInput, "institutionId">> = {}): Omit<SettingsInput, "institutionId"> {
  return {
    host: "127.0.0.1",
    port: server.port,
    username: "registrar",
    authMethod: "KEY",
    remoteDir: "/incoming",
    format: "TXT",
    schedule: "AFTER_RELEASE",
    time: "06:00",
    day: 1,
    failureThreshold: 2,
    enabled: true,
    ...extra,
  };
}

async function destinationId(): Promise<string> {
  return (await prisma.sftpDestination.findUniqueOrThrow({ where: { organizationId: college.id }, select: { id: true } })).id;
}

async function bytesOf(bulkFileId: string): Promise<Buffer> {
  const file = await loadBulkFile(bulkFileId);
  if (!file) throw new Error(`no bulk file ${bulkFileId}`);
  const parts: Buffer[] = [];
  for await (const chunk of bulkFileChunks(file.definition, file.format)) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

function incoming(): Record<string, Buffer> {
  return Object.fromEntries(Object.entries(server.files()).filter(([name]) => name.startsWith("incoming/")));
}

function apIds(content: Buffer): string[] {
  return [...parseTxtFile(content.toString("latin1"))]
    .map((line) => {
      if (!line.ok) throw line.error;
      return line.record.apId;
    })
    .sort();
}

describe("SFTP delivery", () => {
  beforeAll(async () => {
    server = await startTestSftpServer([{ username: "registrar", password: "correct horse battery" }]);
    const fs = await import("node:fs");
    fs.mkdirSync(`${server.root}/incoming`);
    college = await makeCollege("7311");
    admin = await createMember(college);
    colleague = await createMember(college);
  });
  afterAll(async () => {
    await server?.close();
  });

  it("authenticates with the portal-generated key once its public key is installed, and pins the host key", async () => {
    const saved = await saveDestination(admin.id, college, settings(), null);
    expect(saved).toMatchObject({ ok: true, keyGenerated: true });
    const view = await destinationFor(college.id);
    expect(view?.publicKey).toMatch(/^ssh-ed25519 AAAA\S+ ap-score-reports-7311$/);
    const stored = await prisma.sftpDestination.findUniqueOrThrow({ where: { organizationId: college.id }, select: { privateKeySealed: true } });
    expect(stored.privateKeySealed).not.toContain("PRIVATE KEY");

    const before = await testConnection(admin.id, college, null);
    expect(before).toMatchObject({ ok: false, kind: "authentication" });
    expect((await destinationFor(college.id))?.hostKeySha256).toBeNull();

    server.users[0]!.publicKey = view!.publicKey!;
    const after = await testConnection(admin.id, college, null);
    expect(after).toMatchObject({ ok: true, pinned: true, hostKey: server.hostKeyFingerprint });
    expect((await destinationFor(college.id))?.hostKeySha256).toBe(server.hostKeyFingerprint);
    // The test file was removed again.
    expect(incoming()).toEqual({});
  });

  it("authenticates with a password and names a wrong one as an authentication failure", async () => {
    await saveDestination(admin.id, college, settings({ authMethod: "PASSWORD", password: "wrong" }), null);
    expect(await testConnection(admin.id, college, null)).toMatchObject({ ok: false, kind: "authentication" });
    await saveDestination(admin.id, college, settings({ authMethod: "PASSWORD", password: "correct horse battery" }), null);
    expect(await testConnection(admin.id, college, null)).toMatchObject({ ok: true });
    const missing = await saveDestination(admin.id, await makeCollege("7399"), settings({ authMethod: "PASSWORD" }), null);
    expect(missing).toMatchObject({ ok: false, field: "password" });
  });

  it("reports DNS and TCP failures as such", async () => {
    await saveDestination(admin.id, college, settings({ authMethod: "PASSWORD", host: "no-such-host.invalid" }), null);
    expect(await testConnection(admin.id, college, null)).toMatchObject({ ok: false, kind: "dns" });
    const net = await import("node:net");
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as import("node:net").AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await saveDestination(admin.id, college, settings({ authMethod: "PASSWORD", port }), null);
    expect(await testConnection(admin.id, college, null)).toMatchObject({ ok: false, kind: "tcp" });
    // Back to the real server (a new host/port forgot the pin: pin again).
    await saveDestination(admin.id, college, settings({ authMethod: "KEY" }), null);
    expect(await testConnection(admin.id, college, null)).toMatchObject({ ok: true, pinned: true });
  });

  it("delivers everything new as AP_<DI>_<timestamp>_new.txt, the same bytes the web service would send, then shares the watermark", async () => {
    await release(3);
    // What a web-service client of another administrator gets for "new" right now (the
    // arguments lib/web-service/mutations.ts generateFile passes).
    const webService = await createBulkFile({
      userId: colleague.id,
      institution: college,
      channel: "WEB_SERVICE",
      type: "INCREMENTAL",
      format: "TXT",
      withoutBase: "as-full",
      refuseEmpty: true,
    });
    if (!webService.ok) throw new Error(webService.message);

    const outcome = await runSftpDelivery(await destinationId());
    expect(outcome).toMatchObject({ status: "delivered", records: 3 });
    if (outcome.status !== "delivered") return;
    expect(outcome.fileName).toMatch(/^AP_7311_\d{8}T\d{6}Z_new\.txt$/);
    const files = incoming();
    expect(Object.keys(files)).toEqual([`incoming/${outcome.fileName}`]);
    const content = files[`incoming/${outcome.fileName}`]!;
    expect(apIds(content)).toHaveLength(3);
    expect(content.equals(await bytesOf(webService.file.id))).toBe(true);

    // The delivery logged its bulk file: the administrator's "new" is now empty everywhere.
    const portalNew = await createBulkFile({
      userId: admin.id,
      institution: college,
      channel: "PORTAL",
      type: "INCREMENTAL",
      format: "TXT",
      withoutBase: "refuse",
      refuseEmpty: true,
    });
    expect(portalNew).toMatchObject({ ok: false, message: NOTHING_NEW_MESSAGE });
    const history = await deliveryHistory(college.id);
    expect(history[0]).toMatchObject({ fileName: outcome.fileName, records: 3, status: "DELIVERED", attempts: 1, bytes: content.length });
  });

  it("uploads nothing when nothing is new", async () => {
    const before = Object.keys(incoming());
    expect(await runSftpDelivery(await destinationId())).toEqual({ status: "empty" });
    expect(Object.keys(incoming())).toEqual(before);
  });

  it("after a crash between upload and rename, the retry sends the same file under the same name; nothing partial carries the final name", async () => {
    await release(2);
    const before = new Set(Object.keys(incoming()));
    const crashed = await runSftpDelivery(await destinationId(), {
      hooks: {
        afterUpload: () => {
          throw new Error("simulated crash after upload");
        },
      },
    });
    expect(crashed.status).toBe("failed");
    const pending = await prisma.sftpDelivery.findFirstOrThrow({ where: { status: "PENDING" }, select: { id: true, fileName: true, bulkFileId: true } });
    const leftover = Object.keys(incoming()).filter((n) => !before.has(n));
    // Only the temporary name exists: no reader can pick up a file that was never renamed.
    expect(leftover).toEqual([`incoming/${pending.fileName}.part`]);

    await release(1);
    const retried = await runSftpDelivery(await destinationId());
    expect(retried).toMatchObject({ status: "delivered", fileName: pending.fileName, records: 2, deliveryId: pending.id.toString() });
    const content = incoming()[`incoming/${pending.fileName}`]!;
    expect(content.equals(await bytesOf(pending.bulkFileId.toString()))).toBe(true);
    expect(apIds(content)).toHaveLength(2);
    expect(Object.keys(incoming()).filter((n) => n.endsWith(".part"))).toEqual([]);

    // The report released during the outage comes next, once.
    const next = await runSftpDelivery(await destinationId());
    expect(next).toMatchObject({ status: "delivered", records: 1 });
  });

  it("after a crash between rename and log, the retry renames the same bytes over the same name and then logs", async () => {
    await release(2);
    const crashed = await runSftpDelivery(await destinationId(), {
      hooks: {
        afterRename: () => {
          throw new Error("simulated crash after rename");
        },
      },
    });
    expect(crashed.status).toBe("failed");
    const pending = await prisma.sftpDelivery.findFirstOrThrow({
      where: { status: "PENDING" },
      select: { id: true, fileName: true, bulkFileId: true, renamedAt: true },
    });
    expect(pending.renamedAt).not.toBeNull();
    const first = incoming()[`incoming/${pending.fileName}`]!;
    const bulk = await prisma.bulkFile.findUniqueOrThrow({ where: { id: pending.bulkFileId }, select: { loggedAt: true } });
    expect(bulk.loggedAt).toBeNull();

    const retried = await runSftpDelivery(await destinationId());
    expect(retried).toMatchObject({ status: "delivered", fileName: pending.fileName, records: 2 });
    const second = incoming()[`incoming/${pending.fileName}`]!;
    expect(second.equals(first)).toBe(true);
    expect(Object.keys(incoming()).filter((n) => n.includes(pending.fileName))).toEqual([`incoming/${pending.fileName}`]);

    // Every released report was delivered exactly once across all files.
    const all = Object.values(incoming()).flatMap(apIds);
    expect(all.length).toBe(new Set(all).size);
    expect(all).toHaveLength(counter);
  });

  it("refuses a server whose host key changed and sends it nothing", async () => {
    await server.changeHostKey();
    await release(1);
    const before = Object.keys(incoming());
    const outcome = await runSftpDelivery(await destinationId());
    expect(outcome).toMatchObject({ status: "failed", kind: "host-key" });
    expect(Object.keys(incoming())).toEqual(before);
    expect(await testConnection(admin.id, college, null)).toMatchObject({ ok: false, kind: "host-key" });
    const history = await deliveryHistory(college.id);
    expect(history[0]?.lastError).toMatch(/Host key mismatch/);

    // An administrator who confirms the new key forgets the old one; the next test pins it.
    await forgetHostKey(admin.id, college, null);
    expect(await testConnection(admin.id, college, null)).toMatchObject({ ok: true, pinned: true, hostKey: server.hostKeyFingerprint });
    expect(await runSftpDelivery(await destinationId())).toMatchObject({ status: "delivered", records: 1 });
  });

  it("shows permission-denied and disk-full failures in the history and emails the institution after N failures", async () => {
    await prisma.outboxEmail.deleteMany({});
    server.readOnly = true;
    await release(1);
    const denied = await runSftpDelivery(await destinationId());
    expect(denied).toMatchObject({ status: "failed", kind: "permission" });
    expect((await deliveryHistory(college.id))[0]).toMatchObject({ status: "PENDING", lastError: expect.stringMatching(/Permission denied/) });
    expect(await prisma.outboxEmail.count()).toBe(0);

    server.readOnly = false;
    server.quotaBytes = Object.values(server.files()).reduce((n, b) => n + b.length, 0) + 100;
    const full = await runSftpDelivery(await destinationId());
    expect(full).toMatchObject({ status: "failed", kind: "disk-full" });
    expect((await deliveryHistory(college.id))[0]).toMatchObject({ status: "PENDING", attempts: 2, lastError: expect.stringMatching(/disk .* is full/) });

    // failureThreshold is 2: both administrators are told, once.
    const emails = await prisma.outboxEmail.findMany({ select: { to: true, subject: true, text: true } });
    expect(emails.map((e) => e.to).sort()).toEqual([admin.email, colleague.email].sort());
    expect(emails[0]?.text).toMatch(/Reason: The disk of 127\.0\.0\.1:\d+ is full/);
    await runSftpDelivery(await destinationId());
    expect(await prisma.outboxEmail.count()).toBe(2);

    server.quotaBytes = null;
    expect(await runSftpDelivery(await destinationId())).toMatchObject({ status: "delivered", records: 1 });
    expect((await destinationFor(college.id))?.consecutiveFailures).toBe(0);
    const audit = await prisma.auditEvent.findMany({
      where: { organizationId: college.id, action: { in: ["sftp.failed", "sftp.delivered"] } },
      select: { action: true },
    });
    expect(audit.filter((a) => a.action === "sftp.failed").length).toBeGreaterThanOrEqual(3);
  });

  it("runs after-release destinations every tick and scheduled ones once per slot", async () => {
    const id = await destinationId();
    expect(await destinationsAfterRelease(["7311"])).toEqual([id]);
    expect(await dueDestinations()).toContain(id);

    const now = new Date();
    await saveDestination(admin.id, college, settings({ schedule: "DAILY", time: "06:00" }), null, now);
    // Saved after today's slot: the first run is at the next one, and only one tick takes it.
    expect(await dueDestinations(now)).not.toContain(id);
    const slot = nextSlot({ schedule: "DAILY", time: "06:00", day: 1 }, now)!;
    const at = new Date(slot.getTime() + 30_000);
    const [first, second] = await Promise.all([dueDestinations(at), dueDestinations(at)]);
    expect([...first, ...second].filter((d) => d === id)).toHaveLength(1);
    expect(await dueDestinations(new Date(at.getTime() + 60_000))).not.toContain(id);
    expect(await destinationsAfterRelease(["7311"])).toEqual([]);
    await saveDestination(admin.id, college, settings(), null);
  });

  it("stops delivering in the name of a user who lost the administrator role", async () => {
    await prisma.membership.deleteMany({ where: { userId: admin.id, organizationId: college.id } });
    await release(1);
    const outcome = await runSftpDelivery(await destinationId());
    expect(outcome).toMatchObject({ status: "failed", kind: "access" });
    expect(await prisma.sftpDelivery.count({ where: { status: "PENDING" } })).toBe(0);
  });
});
