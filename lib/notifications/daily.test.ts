/**
 * Daily notification emails end to end against a real SMTP server: releases → daily job on
 * pg-boss → one email per user per institution, never twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { startSmtpSink, type SmtpSink } from "@/lib/test/smtp";
import { addMembership, createCollege, createMember, releaseInputs } from "@/lib/test/factories";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import type { RunningWorker } from "@/lib/worker/worker";

useTestDatabase();

let sink: SmtpSink;
const workers: RunningWorker[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_HOST = "127.0.0.1";
  process.env.SMTP_PORT = String(sink.port);
  process.env.MAIL_FROM = "AP Score Reports <notify@test.example>";
  delete process.env.NOTIFY_DAYS;
  delete process.env.NOTIFY_HOUR;
});

afterAll(async () => {
  for (const w of workers) await w.stop();
  await sink?.close();
});

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out waiting");
}

// Tuesday 24 Nov 2026, 7:05 AM in New York: the 7 AM send covers Mon 7 AM → Tue 7 AM (EST = UTC-5).
const TUESDAY = new Date("2026-11-24T12:05:00Z");
const IN_WINDOW = new Date("2026-11-23T15:00:00Z");
const WEDNESDAY = new Date("2026-11-25T12:05:00Z");

describe("daily notification emails", () => {
  let campusA: AuthorizedInstitution;
  let campusB: AuthorizedInstitution;
  let quiet: AuthorizedInstitution;
  const people: Record<string, { id: string; email: string }> = {};

  beforeAll(async () => {
    const { releaseScoreReports } = await import("@/lib/reports/release");
    campusA = await createCollege("Alpha University");
    campusB = await createCollege("Beta College");
    quiet = await createCollege("Quiet College");
    people.active = await createMember(campusA, { firstName: "Avery" });
    people.colleague = await createMember(campusA);
    people.notVisited = await createMember(campusA, { visited: false });
    people.off = await createMember(campusA, { notificationsEnabled: false });
    people.noTerms = await createMember(campusA, { termsAccepted: false });
    people.quietOnly = await createMember(quiet);
    // Access that ended before the send: no email (a membership that expired no longer counts).
    people.expired = await createMember(campusA);
    const { prisma } = await import("@/lib/db");
    await prisma.membership.updateMany({ where: { userId: people.expired.id }, data: { expiresAt: new Date("2026-11-24T00:00:00Z") } });
    // One person, two campuses: one email per campus.
    await addMembership(people.active.id, campusB);
    await addMembership(people.active.id, quiet);

    await releaseScoreReports(releaseInputs(campusA.diCode, 3, IN_WINDOW));
    await releaseScoreReports(releaseInputs(campusB.diCode, 2, IN_WINDOW));
    // Outside the window: before it opened, and after it closed.
    await releaseScoreReports(releaseInputs(campusA.diCode, 1, new Date("2026-11-23T11:59:00Z")));
    await releaseScoreReports(releaseInputs(campusA.diCode, 4, new Date("2026-11-24T12:01:00Z")));
  });

  it("sends one email per user per institution with the count of the window, then nothing on a rerun", async () => {
    const { startWorker } = await import("@/lib/worker/worker");
    const { QUEUES } = await import("@/lib/jobs/queues");
    const { prisma } = await import("@/lib/db");
    const worker = await startWorker({ schedule: false, pollingIntervalSeconds: 0.5 });
    workers.push(worker);

    await worker.boss.send(QUEUES.dailyNotifications, { at: TUESDAY.toISOString() });
    await waitFor(() => sink.received.length >= 3);
    await waitFor(async () => (await prisma.notificationDelivery.count({ where: { status: "SENT" } })) === 3);

    const got = sink.received.map((m) => `${m.to.join()}|${m.headers["x-ap-di-code"]}|${m.headers["x-ap-report-count"]}`).sort();
    expect(got).toEqual(
      [`${people.active!.email}|${campusA.diCode}|3`, `${people.colleague!.email}|${campusA.diCode}|3`, `${people.active!.email}|${campusB.diCode}|2`].sort(),
    );
    const alpha = sink.received.find((m) => m.to[0] === people.active!.email && m.headers["x-ap-di-code"] === campusA.diCode)!;
    expect(alpha.subject).toBe(`New AP score reports for Alpha University (DI code ${campusA.diCode})`);
    expect(alpha.from).toBe("notify@test.example");
    expect(alpha.text).toContain("Hello Avery,");
    expect(alpha.text).toContain("3 new score reports were released to Alpha University");
    expect(alpha.text).toContain("from Nov 23, 2026, 7:00 AM EST to Nov 24, 2026, 7:00 AM EST (time zone America/New_York)");
    expect(alpha.text).toContain(`/bulk?institution=${campusA.id}`);

    // The job again (a second cron firing, an operator rerun): nothing new is sent.
    await worker.boss.send(QUEUES.dailyNotifications, { at: new Date(TUESDAY.getTime() + 3_600_000).toISOString() });
    await new Promise((r) => setTimeout(r, 2500));
    expect(sink.received).toHaveLength(3);
    expect(await prisma.notificationDelivery.count()).toBe(3);
    const audits = await prisma.auditEvent.count({ where: { action: "notification.sent" } });
    expect(audits).toBe(3);
  });

  it("sends each email once when two workers run the daily job at the same time", async () => {
    const { startWorker, runDailyJob } = await import("@/lib/worker/worker");
    const { releaseScoreReports } = await import("@/lib/reports/release");
    const { prisma } = await import("@/lib/db");
    // Released Tuesday afternoon: Wednesday's email.
    await releaseScoreReports(releaseInputs(campusB.diCode, 5, new Date("2026-11-24T20:00:00Z")));
    const before = sink.received.length;
    const second = await startWorker({ schedule: false, pollingIntervalSeconds: 0.5 });
    workers.push(second);
    const [first] = workers;

    const runs = await Promise.all([runDailyJob(first!.boss, WEDNESDAY), runDailyJob(second.boss, WEDNESDAY), runDailyJob(second.boss, WEDNESDAY)]);
    // Three runs, three deliveries in all: each (user, institution) row was created by one run.
    expect(runs.reduce((n, r) => n + r.created, 0)).toBe(3);
    await waitFor(async () => (await prisma.notificationDelivery.count({ where: { status: "SENT", windowEnd: new Date("2026-11-25T12:00:00Z") } })) === 3);
    await new Promise((r) => setTimeout(r, 2000));
    const wednesday = sink.received.slice(before);
    // Campus A's 4 reports of Tuesday 7:01 AM are Wednesday's news; campus B's 5 too.
    expect(wednesday.map((m) => `${m.to[0]}|${m.headers["x-ap-di-code"]}|${m.headers["x-ap-report-count"]}`).sort()).toEqual(
      [`${people.active!.email}|${campusA.diCode}|4`, `${people.colleague!.email}|${campusA.diCode}|4`, `${people.active!.email}|${campusB.diCode}|5`].sort(),
    );
  });

  it("claims a delivery once even when two sends race for it", async () => {
    const { deliverNotification } = await import("@/lib/notifications/mutations");
    const { prisma } = await import("@/lib/db");
    const row = await prisma.notificationDelivery.create({
      data: {
        userId: people.colleague!.id,
        organizationId: campusA.id,
        kind: "DAILY",
        windowStart: new Date("2026-10-01T11:00:00Z"),
        windowEnd: new Date("2026-10-02T11:00:00Z"),
        reportCount: 7,
        toAddress: people.colleague!.email,
      },
    });
    const before = sink.received.length;
    const outcomes = await Promise.all([deliverNotification(row.id), deliverNotification(row.id), deliverNotification(row.id)]);
    expect(outcomes.filter((o) => o.status === "sent")).toHaveLength(1);
    expect(sink.received.length - before).toBe(1);
  });
});

describe("failures: unreachable or refusing mail servers", () => {
  it("keeps the email when the server cannot be reached, says why, and sends it on the retry", async () => {
    const { deliverNotification } = await import("@/lib/notifications/mutations");
    const { prisma } = await import("@/lib/db");
    const org = await createCollege("Retry College");
    const user = await createMember(org);
    const row = await prisma.notificationDelivery.create({
      data: {
        userId: user.id,
        organizationId: org.id,
        windowStart: new Date("2026-10-05T11:00:00Z"),
        windowEnd: new Date("2026-10-06T11:00:00Z"),
        reportCount: 2,
        toAddress: user.email,
      },
    });
    const closed = await startSmtpSink();
    const closedPort = closed.port;
    await closed.close();

    const first = await deliverNotification(row.id, { smtp: { host: "127.0.0.1", port: closedPort, secure: false, from: "x@test.example" } });
    expect(first).toMatchObject({ status: "failed", final: false });
    expect(first.status === "failed" && first.error).toContain(`Could not reach the mail server 127.0.0.1:${closedPort}`);
    const pending = await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(pending).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(pending.lastError).toContain("Could not reach the mail server");

    const before = sink.received.length;
    expect(await deliverNotification(row.id)).toEqual({ status: "sent", transport: "smtp" });
    expect(sink.received.length - before).toBe(1);
    expect(await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
  });

  it("reports the server's refusal, and marks the email FAILED only after the last attempt", async () => {
    const { deliverNotification } = await import("@/lib/notifications/mutations");
    const { prisma } = await import("@/lib/db");
    const org = await createCollege("Refused College");
    const user = await createMember(org);
    const row = await prisma.notificationDelivery.create({
      data: {
        userId: user.id,
        organizationId: org.id,
        windowStart: new Date("2026-10-05T11:00:00Z"),
        windowEnd: new Date("2026-10-06T11:00:00Z"),
        reportCount: 2,
        toAddress: user.email,
      },
    });
    sink.refuseRecipients = { code: 550, message: "5.1.1 Mailbox unavailable" };
    try {
      const refused = await deliverNotification(row.id);
      expect(refused.status === "failed" && refused.error).toMatch(/refused the message \(550\).*Mailbox unavailable/);
      const last = await deliverNotification(row.id, { finalAttempt: true });
      expect(last).toMatchObject({ status: "failed", final: true });
      expect(await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "FAILED", attempts: 2 });
    } finally {
      sink.refuseRecipients = null;
    }
  });

  it("writes the email to the outbox when no SMTP server is configured", async () => {
    const { deliverNotification } = await import("@/lib/notifications/mutations");
    const { prisma } = await import("@/lib/db");
    const org = await createCollege("Outbox College");
    const user = await createMember(org);
    const row = await prisma.notificationDelivery.create({
      data: {
        userId: user.id,
        organizationId: org.id,
        windowStart: new Date("2026-10-05T11:00:00Z"),
        windowEnd: new Date("2026-10-06T11:00:00Z"),
        reportCount: 1,
        toAddress: user.email,
      },
    });
    expect(await deliverNotification(row.id, { smtp: null })).toEqual({ status: "sent", transport: "outbox" });
    const mail = await prisma.outboxEmail.findFirstOrThrow({ where: { to: user.email } });
    expect(mail.subject).toBe(`New AP score reports for Outbox College (DI code ${org.diCode})`);
    expect(mail.text).toContain("1 new score report was released");
  });

  it("does not send a planned email once notifications were turned off", async () => {
    const { deliverNotification, setNotificationsEnabled } = await import("@/lib/notifications/mutations");
    const { prisma } = await import("@/lib/db");
    const org = await createCollege("Changed Mind College");
    const user = await createMember(org);
    const row = await prisma.notificationDelivery.create({
      data: {
        userId: user.id,
        organizationId: org.id,
        windowStart: new Date("2026-10-05T11:00:00Z"),
        windowEnd: new Date("2026-10-06T11:00:00Z"),
        reportCount: 1,
        toAddress: user.email,
      },
    });
    await setNotificationsEnabled(user.id, org.id, false, null);
    const before = sink.received.length;
    expect(await deliverNotification(row.id)).toMatchObject({ status: "cancelled" });
    expect(sink.received.length).toBe(before);
  });
});

describe("test notification", () => {
  it("sends the email now with the last 24 hours' count, even with nothing new", async () => {
    const { sendTestNotification } = await import("@/lib/notifications/mutations");
    const { releaseScoreReports } = await import("@/lib/reports/release");
    const org = await createCollege("Trigger College");
    const user = await createMember(org);
    const now = new Date("2026-11-24T18:00:00Z");
    await releaseScoreReports(releaseInputs(org.diCode, 2, new Date("2026-11-24T10:00:00Z")));
    const before = sink.received.length;
    const result = await sendTestNotification(user, org, "127.0.0.1", now);
    expect(result).toMatchObject({ to: user.email, reportCount: 2, outcome: { status: "sent", transport: "smtp" } });
    const mail = sink.received.slice(before);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toBe(`[Test] New AP score reports for Trigger College (DI code ${org.diCode})`);
    expect(mail[0]!.text).toContain("This is a test notification");
  });
});
