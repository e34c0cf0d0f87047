import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/db";
import { applyRetention } from "@/lib/jobs/retention";
import { hitRateLimit } from "@/lib/rate-limit";
import { useTestDatabase } from "@/lib/test/db";
import { createCollege, makeUser } from "@/lib/test/factories";

useTestDatabase();

const DAY = 86_400_000;
const KEEP_ALL = { AUDIT_RETENTION_DAYS: 0, OUTBOX_RETENTION_DAYS: 0, WEBHOOK_ATTEMPT_RETENTION_DAYS: 0 };

describe("retention", () => {
  it("sweeps rate-limit counters whose window has passed, but not live ones or active locks", async () => {
    await hitRateLimit("short:1", 5, 1);
    await hitRateLimit("long:1", 5, 3600);
    await prisma.rateLimit.create({ data: { key: "locked:1", expiresAt: new Date(Date.now() - 1000), lockedUntil: new Date(Date.now() + 3_600_000) } });
    const result = await applyRetention(KEEP_ALL, new Date(Date.now() + 5000));
    expect(result.rateLimits).toBe(1);
    const keys = (await prisma.rateLimit.findMany({ select: { key: true } })).map((r) => r.key).sort();
    expect(keys).toEqual(["locked:1", "long:1"]);
  });

  it("deletes outbox emails older than OUTBOX_RETENTION_DAYS, and none when it is 0", async () => {
    const now = new Date();
    await prisma.outboxEmail.create({ data: { to: "old@x.test", subject: "old", text: "old", createdAt: new Date(now.getTime() - 100 * DAY) } });
    await prisma.outboxEmail.create({ data: { to: "new@x.test", subject: "new", text: "new", createdAt: new Date(now.getTime() - 10 * DAY) } });
    expect((await applyRetention(KEEP_ALL, now)).outboxEmails).toBe(0);
    expect((await applyRetention({ ...KEEP_ALL, OUTBOX_RETENTION_DAYS: 90 }, now)).outboxEmails).toBe(1);
    expect((await prisma.outboxEmail.findMany({ select: { to: true } })).map((e) => e.to)).toEqual(["new@x.test"]);
  });

  it("deletes finished webhook deliveries and their attempts after WEBHOOK_ATTEMPT_RETENTION_DAYS, never unfinished ones", async () => {
    const now = new Date();
    const college = await createCollege();
    const creator = await makeUser({ email: `hooks-${Date.now()}@x.test` });
    const webhook = await prisma.webhook.create({
      data: { organizationId: college.id, createdById: creator.id, url: "https://hooks.example.org/x", secretSealed: "x.y.z", secretHint: "abcd" },
    });
    const old = new Date(now.getTime() - 120 * DAY);
    const make = (status: "SENT" | "PENDING", createdAt: Date) =>
      prisma.webhookDelivery.create({
        data: {
          webhookId: webhook.id,
          eventId: crypto.randomUUID(),
          eventType: "score-reports.released",
          body: "{}",
          status,
          createdAt,
          attemptLog: { create: [{ statusCode: 200, durationMs: 5, at: createdAt }] },
        },
      });
    const oldSent = await make("SENT", old);
    const oldPending = await make("PENDING", old);
    const recentSent = await make("SENT", new Date(now.getTime() - DAY));

    expect((await applyRetention({ ...KEEP_ALL, WEBHOOK_ATTEMPT_RETENTION_DAYS: 90 }, now)).webhookDeliveries).toBe(1);
    const left = (await prisma.webhookDelivery.findMany({ select: { id: true } })).map((d) => d.id).sort();
    expect(left).toEqual([oldPending.id, recentSent.id].sort());
    expect(await prisma.webhookAttempt.count({ where: { deliveryId: oldSent.id } })).toBe(0);
  });

  it("keeps the audit log by default; with AUDIT_RETENTION_DAYS deletes only older events, records that it did, and stays append-only otherwise", async () => {
    const now = new Date();
    const old = await prisma.auditEvent.create({ data: { actorType: "system", action: "sign-in.success", at: new Date(now.getTime() - 400 * DAY) } });
    const recent = await prisma.auditEvent.create({ data: { actorType: "system", action: "sign-in.success", at: new Date(now.getTime() - 10 * DAY) } });

    expect((await applyRetention(KEEP_ALL, now)).auditEvents).toBe(0);
    expect(await prisma.auditEvent.count({ where: { id: { in: [old.id, recent.id] } } })).toBe(2);

    expect((await applyRetention({ ...KEEP_ALL, AUDIT_RETENTION_DAYS: 365 }, now)).auditEvents).toBe(1);
    expect((await prisma.auditEvent.findMany({ where: { id: { in: [old.id, recent.id] } }, select: { id: true } })).map((e) => e.id)).toEqual([recent.id]);
    const record = await prisma.auditEvent.findFirstOrThrow({ where: { action: "audit.retention-applied" } });
    expect(record.recordCount).toBe(1);

    // Outside that one path the log is still append-only.
    await expect(prisma.auditEvent.deleteMany({ where: { id: recent.id } })).rejects.toThrow(/append-only/);
    await expect(prisma.auditEvent.updateMany({ where: { id: recent.id }, data: { action: "x" } })).rejects.toThrow(/append-only/);
  });
});
