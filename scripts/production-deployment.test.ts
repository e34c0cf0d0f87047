/**
 * The production topology of docs/deploy.md, for real: two app instances (`npm start`'s script,
 * a production build) and one job worker (`npm run worker`), each its own process, sharing only
 * one PostgreSQL database and the production settings. It proves what an operator relies on:
 * - a session made on one instance is valid on the other, pages and APIs alike;
 * - a file generated through one downloads from the other (portal and web service, whose
 *   pre-signed URL and token are signed with the shared AUTH_SECRET);
 * - a secret encrypted by one (the MFA seed, DATA_ENCRYPTION_KEYS) is read by the other;
 * - the app instances run no jobs (WORKER_IN_APP is off in production): the worker sends each
 *   email once, also across a SIGTERM restart of the worker in the middle of a send;
 * - a rolling restart (SIGTERM one instance, start it again) drops no session, and every
 *   process stops cleanly (exit 0) on SIGTERM within SHUTDOWN_TIMEOUT_SECONDS.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { generateSync } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { startSmtpSink, type SmtpSink } from "@/lib/test/smtp";
import { createCollege, createMember, releaseInputs } from "@/lib/test/factories";
import { freePort } from "@/lib/test/cluster";
import { buildIsCurrent, nextBuild } from "./lib/build";

const getDb = useTestDatabase();
const ROOT = path.resolve(import.meta.dirname, "..");
const PASSWORD = "Correct-Horse-Battery-9";
const SHUTDOWN_TIMEOUT_SECONDS = 15;
const REPORTS = 7;

interface Proc {
  name: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const running: Proc[] = [];
let sink: SmtpSink;
let settings: NodeJS.ProcessEnv;
let diCode: string;
let collegeId: string;
let user: { id: string; email: string };
let ports: [number, number];

function startProcess(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
  // One Node process each, as the Procfile runs them (npm's and tsx's wrappers relay signals themselves).
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (out += c.toString()));
  const proc: Proc = { name, child, output: () => out, exited: new Promise((resolve) => child.once("exit", (code) => resolve(code))) };
  running.push(proc);
  return proc;
}

async function waitFor(what: string, condition: () => Promise<boolean> | boolean, timeoutMs: number, proc?: Proc): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null) throw new Error(`${proc.name} exited while waiting for ${what}:\n${proc.output()}`);
    if (
      await Promise.resolve()
        .then(condition)
        .catch(() => false)
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${proc ? `:\n${proc.output()}` : ""}`);
}

interface App extends Proc {
  base: string;
}

/** An app instance as `web: npm start` runs it, ready once /api/health/ready answers 200. */
async function startApp(name: string, port: number): Promise<App> {
  const proc = startProcess(name, ["--import", "tsx", "scripts/start.ts"], { ...settings, PORT: String(port) });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${name} ready`, async () => (await fetch(`${base}/api/health/ready`)).status === 200, 120_000, proc);
  return { ...proc, base };
}

function startWorker(name: string): Promise<Proc> {
  const proc = startProcess(name, ["--import", "tsx", "scripts/worker.ts"], settings);
  return waitFor(`${name} started`, () => proc.output().includes("[worker] started"), 60_000, proc).then(() => proc);
}

/** SIGTERM, then the exit code and how long the stop took. */
async function stop(proc: Proc): Promise<{ code: number | null; ms: number }> {
  const started = Date.now();
  proc.child.kill("SIGTERM");
  const code = await proc.exited;
  return { code, ms: Date.now() - started };
}

/** A cookie jar of one browser: what Set-Cookie answers hold. */
class Browser {
  private cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return response;
  }

  post(url: string, body: unknown): Promise<Response> {
    return this.fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  }
}

function webService(base: string, path: string, authorization: string, body: unknown): Promise<Response> {
  return fetch(`${base}/aposrd-api-prod/${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-CB-Catapult-Authentication-Token": "CBLogin Web Service",
      "X-CB-Catapult-Authorization-Token": authorization,
    },
    body: JSON.stringify(body),
  });
}

/** A production build, made once (the end-to-end stage and `npm start` reuse it). */
async function ensureProductionBuild(): Promise<void> {
  if (buildIsCurrent()) return;
  let output = "";
  const code = await nextBuild(async (args) => {
    const build = startProcess("next build", args, { ...process.env, NODE_ENV: "production" });
    const exited = (await build.exited) ?? 1;
    output = build.output();
    return exited;
  });
  if (code !== 0) throw new Error(`next build failed:\n${output}`);
}

beforeAll(async () => {
  await ensureProductionBuild();
  sink = await startSmtpSink();
  const { prisma } = await import("@/lib/db");
  const { hashPassword } = await import("@/lib/crypto");
  const { releaseScoreReports } = await import("@/lib/reports/release");
  const college = await createCollege("Deployment College");
  diCode = college.diCode;
  collegeId = college.id;
  user = await createMember(college);
  await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(PASSWORD) } });
  await releaseScoreReports(releaseInputs(diCode, REPORTS, new Date(Date.now() - 86_400_000)));

  const [portA, portB] = [await freePort(), await freePort()];
  // Exactly what a deployment sets, the same for every process; nothing from the test runner.
  const { NODE_ENV: _n, AUTH_SECRET: _a, DATABASE_URL: _d, VITEST: _v, VITEST_POOL_ID: _p, VITEST_WORKER_ID: _w, ...inherited } = process.env;
  settings = {
    ...inherited,
    NODE_ENV: "production",
    APP_DEPLOYMENT: "production",
    DATABASE_URL: getDb().url,
    AUTH_SECRET: "deployment-check-auth-secret-0123456789abcdef",
    DATA_ENCRYPTION_KEYS: "deployment-check-data-key-0123456789abcdefghij",
    PUBLIC_BASE_URL: `http://127.0.0.1:${portA}`,
    SMTP_HOST: "127.0.0.1",
    SMTP_PORT: String(sink.port),
    MAIL_FROM: "AP Score Reports <notify@deploy.example>",
    DB_POOL_SIZE: "4",
    SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_TIMEOUT_SECONDS),
    LOG_LEVEL: "warn",
  };
  delete settings.WORKER_IN_APP;
  ports = [portA, portB];
}, 600_000);

afterAll(async () => {
  for (const proc of running) if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
  const { runningBoss } = await import("@/lib/jobs/boss");
  await runningBoss()?.stop({ graceful: false, wait: true });
  await sink?.close();
});

describe("production deployment: two app instances and a worker on one database", () => {
  it("shares sessions, files and secrets across instances, sends each email once, and stops cleanly on SIGTERM", async () => {
    const { prisma } = await import("@/lib/db");
    const { enqueueDeliveries } = await import("@/lib/jobs/boss");
    const { QUEUES } = await import("@/lib/jobs/queues");
    const started = await Promise.all([startApp("app A", ports[0]), startApp("app B", ports[1])]);
    let a = started[0];
    const b = started[1];
    expect((await fetch(`${a.base}/api/health/live`)).status).toBe(200);

    // A session made on A is valid on B, for pages and APIs.
    const browser = new Browser();
    const signIn = await browser.post(`${a.base}/api/account/sign-in`, { email: user.email, password: PASSWORD });
    expect(signIn.status, await signIn.clone().text()).toBe(200);
    expect(await signIn.json()).toMatchObject({ next: "done" });
    const dashboard = await browser.fetch(`${b.base}/dashboard`);
    expect(dashboard.status, dashboard.headers.get("location") ?? "").toBe(200);
    expect(await dashboard.text()).toContain("Deployment College");

    // A portal file requested on B downloads from A.
    const requested = await browser.post(`${b.base}/api/bulk/files`, { format: "TXT", type: "FULL" });
    expect(requested.status, await requested.clone().text()).toBe(201);
    const file = (await requested.json()) as { downloadUrl: string; recordCount: number };
    expect(file.recordCount).toBe(REPORTS);
    const portalDownload = await browser.fetch(`${a.base}${file.downloadUrl}`);
    expect(portalDownload.status).toBe(200);
    expect((await portalDownload.arrayBuffer()).byteLength).toBe(REPORTS * 952);

    // The web service: a token from A works on B, and B's pre-signed URL (PUBLIC_BASE_URL is A) downloads from A.
    const auth = await webService(a.base, "webServiceAuth", "CBLogin", { u: user.email, p: Buffer.from(PASSWORD).toString("base64") });
    const { authToken } = (await auth.json()) as { authToken: string };
    expect(authToken).toBeTruthy();
    const generated = await webService(b.base, "fileGeneration", authToken, { diCode, format: "CSV", downloadType: "full" });
    const { url, recordCount } = (await generated.json()) as { url: string; recordCount: number };
    expect(recordCount).toBe(REPORTS);
    expect(new URL(url).origin).toBe(a.base);
    const signedDownload = await fetch(url);
    expect(signedDownload.status).toBe(200);
    expect(signedDownload.headers.get("x-record-count")).toBe(String(REPORTS));

    // MFA: the seed is sealed by B (setup), confirmed by A, and read by A again at the next sign-in.
    const setup = await browser.post(`${b.base}/api/account/mfa-setup`, {});
    expect(setup.status, await setup.clone().text()).toBe(200);
    const { secret, ticket } = (await setup.json()) as { secret: string; ticket: string };
    const confirmed = await browser.post(`${a.base}/api/account/mfa-setup/confirm`, { ticket, code: generateSync({ secret }) });
    expect(confirmed.status, await confirmed.clone().text()).toBe(200);
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { mfaSecret: true } });
    expect(stored.mfaSecret).not.toContain(secret);

    const second = new Browser();
    const password = await second.post(`${b.base}/api/account/sign-in`, { email: user.email, password: PASSWORD });
    const step = (await password.json()) as { next: string; ticket: string };
    expect(step.next).toBe("mfa");
    const mfa = await second.post(`${a.base}/api/account/mfa`, { ticket: step.ticket, code: generateSync({ secret }) });
    expect(mfa.status, await mfa.clone().text()).toBe(200);
    expect((await second.fetch(`${b.base}/dashboard`)).status).toBe(200);

    // Jobs: the app instances take none; the worker sends each email once, also when it is
    // restarted (SIGTERM) in the middle of a send.
    const delivery = (day: number) =>
      prisma.notificationDelivery.create({
        data: {
          userId: user.id,
          organizationId: collegeId,
          kind: "DAILY",
          windowStart: new Date(Date.UTC(2026, 9, day, 11)),
          windowEnd: new Date(Date.UTC(2026, 9, day + 1, 11)),
          reportCount: 1,
          toAddress: user.email,
        },
      });
    const [first, later] = [await delivery(1), await delivery(2)];
    const mailBefore = sink.received.length;
    await enqueueDeliveries(QUEUES.sendNotification, [first.id]);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("PENDING");

    let release!: () => void;
    sink.holdBeforeAccept = new Promise<void>((resolve) => (release = resolve));
    const sending = new Promise<void>((resolve) => (sink.onMessageStart = resolve));
    const worker1 = await startWorker("worker 1");
    await sending;
    const worker1Stopped = stop(worker1);
    await enqueueDeliveries(QUEUES.sendNotification, [later.id]);
    await new Promise((r) => setTimeout(r, 1000));
    sink.holdBeforeAccept = null;
    release();
    const worker1Exit = await worker1Stopped;
    expect(worker1Exit.code, worker1.output()).toBe(0);
    expect(worker1.output()).toContain("[worker] stopped cleanly");
    expect((await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("SENT");
    const worker2 = await startWorker("worker 2");
    await waitFor("the second email", async () => (await prisma.notificationDelivery.findUniqueOrThrow({ where: { id: later.id } })).status === "SENT", 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(sink.received.length - mailBefore).toBe(2);

    // Rolling restart: A stops cleanly while B keeps serving the same session; the new A accepts it too.
    const aExit = await stop(a);
    expect(aExit.code, a.output()).toBe(0);
    expect(a.output()).toContain("[server] stopped cleanly");
    expect(aExit.ms).toBeLessThan((SHUTDOWN_TIMEOUT_SECONDS + 5) * 1000);
    expect((await browser.fetch(`${b.base}/dashboard`)).status).toBe(200);
    a = await startApp("app A (restarted)", ports[0]);
    expect((await second.fetch(`${a.base}/dashboard`)).status).toBe(200);

    // Everything stops cleanly on SIGTERM.
    for (const [proc, marker] of [
      [a, "[server] stopped cleanly"],
      [b, "[server] stopped cleanly"],
      [worker2, "[worker] stopped cleanly"],
    ] as const) {
      const exit = await stop(proc);
      expect(exit.code, proc.output()).toBe(0);
      expect(proc.output()).toContain(marker);
      expect(exit.ms).toBeLessThan((SHUTDOWN_TIMEOUT_SECONDS + 5) * 1000);
    }
  }, 600_000);

  it("answers browsers a friendly 503 page and APIs a JSON 503, both with Retry-After, while the database is away", async () => {
    const port = await freePort();
    // Staging, not production: a production instance refuses to start without its database.
    // Served as `npm start` serves it (scripts/server.ts gives route handlers the client's address).
    const app = startProcess("app without database", ["--import", "tsx", "scripts/server.ts", "--port", String(port)], {
      ...settings,
      APP_DEPLOYMENT: "staging",
      WORKER_IN_APP: "false",
      DATABASE_URL: "postgresql://postgres:postgres@127.0.0.1:9/nowhere", // nothing listens on port 9 here
      RETRY_AFTER_SECONDS: "6",
      NEXT_MANUAL_SIG_HANDLE: "true",
    });
    const base = `http://127.0.0.1:${port}`;
    await waitFor("the app answering", async () => (await fetch(`${base}/api/health/live`)).status === 200, 120_000, app);

    const api = await webService(base, "webServiceAuth", "CBLogin", { u: "someone@example.edu", p: Buffer.from("whatever").toString("base64") });
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("6");
    expect(JSON.stringify(await api.json())).toContain("briefly unavailable");

    // The first page may render before anyone has noticed; from then on pages are the 503 page.
    let page!: Response;
    await waitFor("the 503 page", async () => (page = await fetch(`${base}/signin`)).status === 503, 30_000, app);
    expect(page.headers.get("retry-after")).toBe("6");
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("We&rsquo;ll be right back");

    const exit = await stop(app);
    expect(exit.code, app.output()).toBe(0);
  }, 300_000);
});
