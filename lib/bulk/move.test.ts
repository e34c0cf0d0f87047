/**
 * The database moves to a new PostgreSQL cluster (a major upgrade by dump and restore, a move to
 * a managed server, a restore from a logical backup) and "new" files still hold every release
 * made afterwards, through the portal and the web service. This is the failure that retired
 * transaction-id snapshots: the new cluster's transaction ids start low again, below every
 * snapshot stored before the move, so the old engine counted every later release as already
 * delivered (issue 12). The test shows the new cluster's ids really are below the old ones.
 *
 * The app runs on a test database of the shared test cluster, then its data is moved table by
 * table into a database of a brand-new cluster migrated with `prisma migrate deploy`, and the
 * app (its modules reloaded) runs on that.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import pg from "pg";
import type { SessionUser } from "@/lib/auth/gate";
import { copyData, initCluster, type Cluster } from "@/lib/test/cluster";
import { useTestDatabase } from "@/lib/test/db";
import { migrateDeploy } from "@/scripts/lib/prisma-cli";

vi.mock("server-only", () => ({}));
vi.mock("@/lib/auth/nextauth", () => ({ auth: async () => null }));
// The portal's routes read the session through the gate; these tests stand in a signed-in user.
let signedIn: SessionUser | null = null;
vi.mock("@/lib/auth/gate", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/gate")>()),
  currentUser: async () => signedIn,
}));

const source = useTestDatabase();
let cluster: Cluster | undefined;
let targetUrl = "";

const ORIGIN = "http://move.test";
const PASSWORD = "Moving-Day-Password-7";
const DI_CODE = "9501";

/** The app's modules, loaded fresh for the database DATABASE_URL names now. */
async function app() {
  return {
    db: await import("@/lib/db"),
    factories: await import("@/lib/test/factories"),
    password: await import("@/lib/crypto"),
    adminMutations: await import("@/lib/admin-tokens/mutations"),
    queries: await import("@/lib/bulk/queries"),
    adminReports: await import("@/app/api/admin/score-reports/route"),
    portalFiles: await import("@/app/api/bulk/files/route"),
    portalDownload: await import("@/app/api/bulk/files/[id]/download/route"),
    wsAuth: await import("@/app/aposrd-api-prod/webServiceAuth/route"),
    wsGenerate: await import("@/app/aposrd-api-prod/fileGeneration/route"),
    wsFile: await import("@/app/aposrd-api-prod/files/[downloadId]/[fileName]/route"),
    wsLogged: await import("@/app/aposrd-api-prod/webServiceDownloaded/route"),
  };
}
type App = Awaited<ReturnType<typeof app>>;

interface People {
  institutionId: string;
  registrar: SessionUser;
  wsEmail: string;
  adminToken: string;
}
let people: People;

function sessionUser(id: string, email: string): SessionUser {
  return {
    id,
    email,
    firstName: "Reg",
    lastName: "Istrar",
    role: "USER" as SessionUser["role"],
    mfaEnabled: false,
    termsAccepted: true,
    k12TermsAccepted: false,
    emailVerified: true,
    selectedOrganizationId: null,
    passwordChangedAt: new Date(),
  };
}

let apCounter = 0;
function apId(): string {
  apCounter++;
  return `MV${String(apCounter).padStart(6, "0")}`;
}

/** Releases through the admin API (a bearer token), as the score-data feed does. */
async function releaseViaAdminApi(a: App, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, apId);
  const body = {
    reports: ids.map((id) =>
      a.factories.releaseInput(DI_CODE, { ...a.factories.SAMPLE_STUDENT, apId: id, firstName: "Moved", lastName: `Student${id.slice(-3)}` }),
    ),
  };
  const response = await a.adminReports.POST(
    new Request(`${ORIGIN}/api/admin/score-reports`, {
      method: "POST",
      headers: { authorization: `Bearer ${people.adminToken}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
  expect(response.status, await response.clone().text()).toBe(201);
  return ids;
}

const apIdsOf = (text: string) =>
  text
    .split("\r\n")
    .filter(Boolean)
    .map((line) => line.slice(0, 8))
    .sort();

/** The portal's Bulk Reports tab: generate, then download (which logs the file once served). */
async function portalFile(a: App, type: "FULL" | "INCREMENTAL"): Promise<{ status: number; id?: string; text?: string; message?: string }> {
  signedIn = people.registrar;
  const made = await a.portalFiles.POST(
    new Request(`${ORIGIN}/api/bulk/files`, {
      method: "POST",
      headers: { "Content-Type": "application/json", host: "move.test", origin: ORIGIN },
      body: JSON.stringify({ type, format: "TXT", institutionId: people.institutionId }),
    }),
    { params: Promise.resolve({}) },
  );
  const body = (await made.json()) as { id?: string; error?: { message: string } };
  if (made.status !== 201) return { status: made.status, message: body.error?.message ?? "" };
  return { status: 201, id: body.id!, text: await portalDownload(a, body.id!) };
}

async function portalDownload(a: App, id: string): Promise<string> {
  signedIn = people.registrar;
  const response = await a.portalDownload.GET(new Request(`${ORIGIN}/api/bulk/files/${id}/download`), { params: Promise.resolve({ id }) });
  expect(response.status).toBe(200);
  return response.text();
}

function wsRequest(step: string, body: unknown, authorization: string): Request {
  return new Request(`${ORIGIN}/aposrd-api-prod/${step}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-CB-Catapult-Authentication-Token": "CBLogin Web Service",
      "X-CB-Catapult-Authorization-Token": authorization,
    },
    body: JSON.stringify(body),
  });
}

/** The web service's four steps: sign in, generate, GET the pre-signed URL, log the download. */
async function webServiceFile(a: App, downloadType: "full" | "new"): Promise<{ success: boolean; text?: string; message: string }> {
  const auth = await (await a.wsAuth.POST(wsRequest("webServiceAuth", { u: people.wsEmail, p: Buffer.from(PASSWORD).toString("base64") }, "CBLogin"))).json();
  expect(auth, JSON.stringify(auth)).toMatchObject({ success: true });
  const token = auth.authToken as string;
  const generated = await (await a.wsGenerate.POST(wsRequest("fileGeneration", { diCode: DI_CODE, format: "TXT", downloadType }, token))).json();
  if (!generated.success) return { success: false, message: generated.message as string };
  const url = new URL(generated.url as string);
  const [, , , downloadId, fileName] = url.pathname.split("/");
  const file = await a.wsFile.GET(new Request(generated.url as string), { params: Promise.resolve({ downloadId: downloadId!, fileName: fileName! }) });
  expect(file.status).toBe(200);
  const text = await file.text();
  const logged = await (await a.wsLogged.POST(wsRequest("webServiceDownloaded", { downloadId: generated.downloadId, format: "TXT" }, token))).json();
  expect(logged, JSON.stringify(logged)).toMatchObject({ success: true });
  return { success: true, text, message: generated.message as string };
}

async function run(url: string, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

async function oneValue<T>(url: string, sql: string): Promise<T> {
  return Object.values((await run(url, sql)).rows[0] as Record<string, T>)[0]!;
}

/** Before the move: what the app's files were, and the snapshot the old engine would have stored for the last logged one. */
const before: { fileTexts: Map<string, string>; oldEngineXmin: bigint; released: string[] } = { fileTexts: new Map(), oldEngineXmin: 0n, released: [] };

beforeAll(async () => {
  // Make the old cluster's transaction ids clearly higher than a new cluster's will be (a busy
  // production database is far past this); the shared test cluster may be young.
  const current = BigInt(await oneValue<string>(source().url, "SELECT pg_current_xact_id()::text"));
  if (current < 30_000n) {
    await run(source().url, `DO $$ BEGIN FOR i IN 1..${30_000n - current} LOOP PERFORM pg_current_xact_id(); COMMIT; END LOOP; END $$`);
  }

  const a = await app();
  const org = await a.factories.makeCollege(DI_CODE, { name: "Moving College" });
  const { prisma } = a.db;
  const { CURRENT_TERMS_VERSION } = await import("@/lib/accounts/constants");
  const registrar = await a.factories.makeUser({ email: "portal@move.example.edu" });
  const ws = await a.factories.makeUser({ email: "script@move.example.edu", passwordHash: await a.password.hashPassword(PASSWORD) });
  for (const u of [registrar, ws]) {
    await prisma.termsAcceptance.create({ data: { userId: u.id, version: CURRENT_TERMS_VERSION } });
    await a.factories.addMembership(u.id, org);
  }
  const token = await a.adminMutations.createAdminToken("score feed", {
    type: "user",
    userId: null,
    label: "admin@example.org",
    tokenId: null,
    ip: "192.0.2.1",
  });
  people = { institutionId: org.id, registrar: sessionUser(registrar.id, registrar.email), wsEmail: ws.email, adminToken: token.token };

  // Life before the move: releases, full and new files on both channels, all logged.
  before.released.push(...(await releaseViaAdminApi(a, 4)));
  const full = await portalFile(a, "FULL");
  expect(apIdsOf(full.text!)).toEqual([...before.released].sort());
  before.fileTexts.set(full.id!, full.text!);
  expect((await webServiceFile(a, "full")).success).toBe(true);
  const more = await releaseViaAdminApi(a, 2);
  before.released.push(...more);
  const inc = await portalFile(a, "INCREMENTAL");
  expect(apIdsOf(inc.text!)).toEqual([...more].sort());
  before.fileTexts.set(inc.id!, inc.text!);
  expect(apIdsOf((await webServiceFile(a, "new")).text!)).toEqual([...more].sort());
  // What the old engine stored with the last files: a snapshot of this cluster now.
  before.oldEngineXmin = BigInt(await oneValue<string>(source().url, "SELECT pg_snapshot_xmin(pg_current_snapshot())::text"));
  await a.db.closeDb();

  // The move: a brand-new cluster, the schema by migrate deploy, the data table by table.
  cluster = await initCluster("moved");
  cluster.start();
  await run(cluster.url(), "CREATE DATABASE ap_moved");
  targetUrl = cluster.url("ap_moved");
  migrateDeploy(targetUrl, { quiet: true });
  const copied = await copyData(source().url, targetUrl);
  expect(copied.rows).toBeGreaterThan(20);

  // The app now runs on the new cluster only.
  process.env.DATABASE_URL = targetUrl;
  vi.resetModules();
}, 240_000);

afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  cluster?.destroy();
}, 120_000);

describe("after a logical move to a new cluster", () => {
  it("existing files download byte for byte as before, and nothing is new yet", async () => {
    const a = await app();
    for (const [id, text] of before.fileTexts) expect(await portalDownload(a, id)).toBe(text);
    expect((await a.queries.bulkStatus(people.registrar.id, people.institutionId as never)).newCount).toBe(0);
  });

  it("reports released after the move are in the next new file, portal and web service alike", async () => {
    const a = await app();
    const released = (await releaseViaAdminApi(a, 3)).sort();

    // The old engine would have lost them: every transaction on the new cluster has a lower id
    // than the xmin of the snapshots stored before the move, so each looked "already seen".
    const newClusterXid = BigInt(await oneValue<string>(targetUrl, "SELECT pg_current_xact_id()::text"));
    expect(newClusterXid).toBeLessThan(before.oldEngineXmin);

    expect((await a.queries.bulkStatus(people.registrar.id, people.institutionId as never)).newCount).toBe(3);
    const portal = await portalFile(a, "INCREMENTAL");
    expect(portal.status, portal.message).toBe(201);
    expect(apIdsOf(portal.text!)).toEqual(released);
    expect((await a.queries.bulkStatus(people.registrar.id, people.institutionId as never)).newCount).toBe(0);

    const ws = await webServiceFile(a, "new");
    expect(ws.success, ws.message).toBe(true);
    expect(apIdsOf(ws.text!)).toEqual(released);
    // Delivered once: the next "new" has nothing.
    const again = await webServiceFile(a, "new");
    expect(again.success).toBe(false);
    expect(again.message).toContain("There were no score orders found");
  });

  it("PostgreSQL crashing in the middle of a sequencer run loses and doubles nothing", async () => {
    const a = await app();
    const { runSequencer, sequenceReleases } = await import("@/lib/bulk/sequence");
    // A release whose own sequencing never ran (its process died), caught mid-sequencing by a crash.
    const [id] = await releaseViaAdminApi(a, 1);
    await run(targetUrl, `UPDATE score_report_version SET position = NULL WHERE report_id = (SELECT id FROM score_report WHERE ap_id = '${id}')`);
    await run(targetUrl, "UPDATE release_sequence SET last_position = last_position - 1");
    const sequencer = new pg.Client({ connectionString: targetUrl });
    sequencer.on("error", () => {});
    await sequencer.connect();
    await sequencer.query("BEGIN");
    expect((await runSequencer(sequencer)).assigned).toBe(1);
    cluster!.crash();
    cluster!.start();
    await sequencer.end().catch(() => {});
    // Recovery kept the release and dropped the unfinished run; the next run assigns it once.
    expect(await oneValue<string>(targetUrl, `SELECT count(*)::text FROM score_report_version WHERE position IS NULL`)).toBe("1");
    await a.db.closeDb();
    expect((await sequenceReleases()).assigned).toBe(1);
    expect(
      await oneValue<string>(
        targetUrl,
        "SELECT (max(position) = (SELECT last_position FROM release_sequence) AND count(DISTINCT position) = count(*))::text FROM score_report_version",
      ),
    ).toBe("true");
    const portal = await portalFile(a, "INCREMENTAL");
    expect(apIdsOf(portal.text!)).toEqual([id]);
  });
});
