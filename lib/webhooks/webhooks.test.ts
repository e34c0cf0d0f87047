/**
 * Webhooks against a real HTTP receiver on 127.0.0.1: a release produces one signed event per
 * institution, delivered by the job worker, retried after a failure, with attempts recorded.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { createCollege, createMember, releaseInputs } from "@/lib/test/factories";
import type { RunningWorker } from "@/lib/worker/worker";

useTestDatabase();

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];
/** Status codes to answer with, in order; then 204. */
const answers: number[] = [];
let worker: RunningWorker | undefined;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.statusCode = answers.shift() ?? 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hooks/ap`;
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((r) => receiver.close(r));
});

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out waiting");
}

describe("webhooks", () => {
  it("registers a receiver, shows the secret once and stores it only encrypted", async () => {
    const { registerWebhook } = await import("@/lib/webhooks/mutations");
    const { prisma } = await import("@/lib/db");
    const org = await createCollege();
    const user = await createMember(org);
    const result = await registerWebhook(user.id, org, receiverUrl, "127.0.0.1");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.secret).toMatch(/^whsec_/);
    const stored = await prisma.webhook.findUniqueOrThrow({ where: { id: result.webhook.id } });
    expect(stored.secretSealed).not.toContain(result.secret);
    expect(stored.secretHint).toBe(result.secret.slice(-4));
    expect(await registerWebhook(user.id, org, "javascript:alert(1)", null)).toMatchObject({ ok: false, field: "url" });
  });

  it("delivers a signed event to the receiver after a release, without student data", async () => {
    const { registerWebhook } = await import("@/lib/webhooks/mutations");
    const { verifySignature } = await import("@/lib/webhooks/rules");
    const { releaseScoreReports } = await import("@/lib/reports/release");
    const { startWorker } = await import("@/lib/worker/worker");
    const { prisma } = await import("@/lib/db");
    worker = await startWorker({ schedule: false, pollingIntervalSeconds: 0.5 });

    const org = await createCollege("Hook University");
    const other = await createCollege("Other College");
    const user = await createMember(org);
    const registered = await registerWebhook(user.id, org, receiverUrl, null);
    if (!registered.ok) throw new Error(registered.message);
    const before = received.length;

    const inputs = [...releaseInputs(org.diCode, 3, new Date("2026-11-24T15:00:00Z")), ...releaseInputs(other.diCode, 2, new Date("2026-11-24T15:00:00Z"))];
    await releaseScoreReports(inputs);
    await waitFor(() => received.length > before);
    await new Promise((r) => setTimeout(r, 1000));
    const events = received.slice(before);
    expect(events).toHaveLength(1);
    const [event] = events;
    const verified = verifySignature(registered.secret, event!.headers["x-ap-signature"] as string, event!.body);
    expect(verified.ok).toBe(true);
    expect(event!.headers["x-ap-event"]).toBe("score_reports.released");
    const payload = JSON.parse(event!.body);
    expect(payload).toMatchObject({
      type: "score_reports.released",
      institution: { diCode: org.diCode, name: "Hook University" },
      data: { count: 3, releasedAt: "2026-11-24T15:00:00.000Z" },
    });
    for (const input of inputs) {
      expect(event!.body).not.toContain(input.student.apId);
      expect(event!.body).not.toContain(input.student.lastName);
    }
    await waitFor(async () => (await prisma.webhookDelivery.count({ where: { webhookId: registered.webhook.id, status: "SENT" } })) === 1);
    // Recorded inside the release's transaction, stamped with the time it was recorded (shown on the webhooks page).
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId: registered.webhook.id } });
    expect(Math.abs(delivery.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    const attempts = await prisma.webhookAttempt.findMany({ where: { delivery: { webhookId: registered.webhook.id } } });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.statusCode).toBe(204);
  });

  it("retries a failed delivery and records every attempt; the signature verifies on the retry", async () => {
    const { registerWebhook } = await import("@/lib/webhooks/mutations");
    const { deliverWebhook } = await import("@/lib/webhooks/jobs");
    const { queueReleaseEvents } = await import("@/lib/webhooks/release-events");
    const { verifySignature } = await import("@/lib/webhooks/rules");
    const { prisma } = await import("@/lib/db");
    await worker?.stop();
    worker = undefined;

    const org = await createCollege("Flaky College");
    const user = await createMember(org);
    const registered = await registerWebhook(user.id, org, receiverUrl, null);
    if (!registered.ok) throw new Error(registered.message);
    expect(await queueReleaseEvents([{ diCode: org.diCode, releasedAt: "2026-11-24T15:00:00.000Z" }])).toBe(1);
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId: registered.webhook.id } });

    answers.push(503);
    const first = await deliverWebhook(delivery.id);
    expect(first).toMatchObject({ status: "failed", statusCode: 503, final: false });
    expect(first.status === "failed" && first.error).toContain("HTTP 503");
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({
      status: "PENDING",
      attempts: 1,
      lastStatusCode: 503,
    });

    const before = received.length;
    expect(await deliverWebhook(delivery.id)).toEqual({ status: "delivered", statusCode: 204 });
    const retry = received[before]!;
    expect(verifySignature(registered.secret, retry.headers["x-ap-signature"] as string, retry.body).ok).toBe(true);
    expect(await deliverWebhook(delivery.id)).toEqual({ status: "done" });
    const attempts = await prisma.webhookAttempt.findMany({ where: { deliveryId: delivery.id }, orderBy: { at: "asc" } });
    expect(attempts.map((a) => a.statusCode)).toEqual([503, 204]);
  });

  it("says clearly when the receiver cannot be reached, and fails for good after the last attempt", async () => {
    const { deliverWebhook } = await import("@/lib/webhooks/jobs");
    const { registerWebhook } = await import("@/lib/webhooks/mutations");
    const { queueReleaseEvents } = await import("@/lib/webhooks/release-events");
    const { prisma } = await import("@/lib/db");
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));

    const org = await createCollege("Offline College");
    const user = await createMember(org);
    const registered = await registerWebhook(user.id, org, `http://127.0.0.1:${port}/hook`, null);
    if (!registered.ok) throw new Error(registered.message);
    await queueReleaseEvents([{ diCode: org.diCode, releasedAt: "2026-11-24T15:00:00.000Z" }]);
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId: registered.webhook.id } });
    const outcome = await deliverWebhook(delivery.id, { finalAttempt: true });
    expect(outcome).toMatchObject({ status: "failed", statusCode: null, error: "The receiver refused the connection.", final: true });
    expect(await prisma.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).toMatchObject({ status: "FAILED" });
  });

  it("sends nothing for a removed webhook, and the sweeper finds events whose job was never created", async () => {
    const { registerWebhook, removeWebhook } = await import("@/lib/webhooks/mutations");
    const { deliverWebhook } = await import("@/lib/webhooks/jobs");
    const { queueReleaseEvents } = await import("@/lib/webhooks/release-events");
    const { findOrphanedDeliveries } = await import("@/lib/jobs/sweep");
    const { prisma } = await import("@/lib/db");
    const org = await createCollege("Removed College");
    const user = await createMember(org);
    const registered = await registerWebhook(user.id, org, receiverUrl, null);
    if (!registered.ok) throw new Error(registered.message);
    await queueReleaseEvents([{ diCode: org.diCode, releasedAt: "2026-11-24T15:00:00.000Z" }]);
    const delivery = await prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId: registered.webhook.id } });
    // No job queue ran in this process: the sweeper (a minute later) is what sends it.
    const later = new Date(Date.now() + 5 * 60_000);
    expect((await findOrphanedDeliveries(later)).webhooks).toContain(delivery.id);

    expect(await removeWebhook(user.id, org.id, registered.webhook.id, null)).toBe(true);
    expect(await removeWebhook(user.id, org.id, registered.webhook.id, null)).toBe(false);
    const before = received.length;
    expect(await deliverWebhook(delivery.id)).toMatchObject({ status: "cancelled" });
    expect(received.length).toBe(before);
  });

  it("only removes a webhook of the caller's own institution", async () => {
    const { registerWebhook, removeWebhook } = await import("@/lib/webhooks/mutations");
    const orgA = await createCollege("A");
    const orgB = await createCollege("B");
    const userA = await createMember(orgA);
    const userB = await createMember(orgB);
    const hook = await registerWebhook(userA.id, orgA, receiverUrl, null);
    if (!hook.ok) throw new Error(hook.message);
    expect(await removeWebhook(userB.id, orgB.id, hook.webhook.id, null)).toBe(false);
  });
});
