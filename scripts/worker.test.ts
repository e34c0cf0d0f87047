/**
 * `npm run worker` as a real process: SIGTERM in the middle of sending an email lets that send
 * finish (or releases it), takes no new job, closes the pool and exits within the deadline; a
 * worker started afterwards sends what is left, and every email goes out exactly once.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { startSmtpSink, type SmtpSink } from "@/lib/test/smtp";
import { createCollege, createMember } from "@/lib/test/factories";

const getDb = useTestDatabase();
const ROOT = path.resolve(import.meta.dirname, "..");
let sink: SmtpSink;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sink = await startSmtpSink();
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  const { runningBoss } = await import("@/lib/jobs/boss");
  await runningBoss()?.stop({ graceful: false, wait: true });
  await sink?.close();
});

interface WorkerProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; at: number }>;
}

function startWorkerProcess(): Promise<WorkerProcess> {
  // As `npm run worker` runs it: one Node process (tsx's CLI wrapper would relay signals itself).
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: getDb().url,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(sink.port),
      MAIL_FROM: "AP Score Reports <notify@test.example>",
      SHUTDOWN_TIMEOUT_SECONDS: "15",
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once("exit", (code) => resolve({ code, at: Date.now() })));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (out.includes("[worker] started")) {
        clearInterval(timer);
        resolve({ child, output: () => out, exited });
      }
    }, 100);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`worker exited before starting:\n${out}`));
    });
  });
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out waiting");
}

describe("worker process restarts", () => {
  it("finishes the email in progress on SIGTERM, takes no new job, and the next worker sends the rest once", async () => {
    const { prisma } = await import("@/lib/db");
    const { enqueueDeliveries } = await import("@/lib/jobs/boss");
    const { QUEUES } = await import("@/lib/jobs/queues");
    const college = await createCollege("Restart College");
    const [first, second] = [await createMember(college), await createMember(college)];
    const delivery = (user: { id: string; email: string }, day: number) =>
      prisma.notificationDelivery.create({
        data: {
          userId: user.id,
          organizationId: college.id,
          kind: "DAILY",
          windowStart: new Date(Date.UTC(2026, 9, day, 11)),
          windowEnd: new Date(Date.UTC(2026, 9, day + 1, 11)),
          reportCount: 2,
          toAddress: user.email,
        },
      });
    const rowA = await delivery(first!, 1);
    const rowB = await delivery(second!, 2);

    const workerA = await startWorkerProcess();
    // The SMTP server holds the first message until the worker has been told to stop.
    let release!: () => void;
    sink.holdBeforeAccept = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (sink.onMessageStart = resolve));
    await enqueueDeliveries(QUEUES.sendNotification, [rowA.id]);
    await started;

    const signalledAt = Date.now();
    workerA.child.kill("SIGTERM");
    // Work that arrives while it stops is for the next worker.
    await enqueueDeliveries(QUEUES.sendNotification, [rowB.id]);
    await new Promise((r) => setTimeout(r, 3000));
    sink.holdBeforeAccept = null;
    release();

    const exit = await workerA.exited;
    expect(exit.code, workerA.output()).toBe(0);
    expect(exit.at - signalledAt).toBeLessThan(15_000);
    expect(workerA.output()).toContain("stopped cleanly");
    expect((await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: rowA.id } })).status).toBe("SENT");
    expect((await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: rowB.id } })).status).toBe("PENDING");

    const workerB = await startWorkerProcess();
    await waitFor(async () => (await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: rowB.id } })).status === "SENT");
    // Give a duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 3000));
    expect(sink.received.filter((m) => m.to.includes(first!.email))).toHaveLength(1);
    expect(sink.received.filter((m) => m.to.includes(second!.email))).toHaveLength(1);

    workerB.child.kill("SIGTERM");
    expect((await workerB.exited).code).toBe(0);
  }, 180_000);
});
