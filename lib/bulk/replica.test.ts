/**
 * Bulk files read from a read replica (DATABASE_REPLICA_URL) only when it has every version the
 * file holds: a real primary and a real streaming standby (made from a cleanly stopped
 * primary's data folder), with the standby's replay paused to make it lag on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { initCluster, standbyOf, type Cluster } from "@/lib/test/cluster";
import { migrateDeploy } from "@/scripts/lib/prisma-cli";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { SAMPLE_STUDENT, makeCollege, makeUser, randomApId, releaseInput } from "@/lib/test/factories";

let primary: Cluster | undefined;
let standby: Cluster | undefined;
let standbyAdmin: pg.Client;
let institution: AuthorizedInstitution;
let userId: string;

const lib = {
  release: async () => (await import("@/lib/reports/release")).releaseScoreReports,
  bulk: async () => import("@/lib/bulk/mutations"),
  queries: async () => import("@/lib/bulk/queries"),
  stream: async () => import("@/lib/bulk/stream"),
  sequence: async () => import("@/lib/bulk/sequence"),
  db: async () => import("@/lib/db"),
};

async function release(): Promise<string> {
  const apId = randomApId();
  const releaseScoreReports = await lib.release();
  await releaseScoreReports([releaseInput(institution.diCode, { ...SAMPLE_STUDENT, apId, firstName: "Rep", lastName: "Lica" })]);
  return apId;
}

async function replicaWatermark(): Promise<bigint> {
  const { rows } = await standbyAdmin.query<{ last: string }>("SELECT last_position::text AS last FROM release_sequence");
  return BigInt(rows[0]!.last);
}

async function primaryWatermark(): Promise<bigint> {
  const { currentWatermark } = await lib.sequence();
  const { pool } = await lib.db();
  return currentWatermark(pool());
}

async function caughtUp(): Promise<void> {
  const target = await primaryWatermark();
  const deadline = Date.now() + 30_000;
  while ((await replicaWatermark()) < target) {
    if (Date.now() > deadline) throw new Error("the standby never caught up");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A new (unlogged) incremental file for the user, streamed: its text and where it was read. */
async function newFile(): Promise<{ text: string; source: string; records: number }> {
  const { createBulkFile } = await lib.bulk();
  const { loadBulkFile } = await lib.queries();
  const { bulkFileChunks } = await lib.stream();
  const made = await createBulkFile({ userId, institution, channel: "PORTAL", type: "INCREMENTAL", format: "TXT", withoutBase: "refuse", refuseEmpty: false });
  if (!made.ok) throw new Error(made.message);
  const file = (await loadBulkFile(made.file.id))!;
  let text = "";
  let source = "";
  for await (const chunk of bulkFileChunks(file.definition, "TXT", { onComplete: (_n, s) => void (source = s) })) text += chunk.toString("latin1");
  return { text, source, records: made.file.recordCount };
}

beforeAll(async () => {
  primary = await initCluster("replica-primary");
  primary.start();
  const admin = new pg.Client({ connectionString: primary.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE ap");
  await admin.end();
  migrateDeploy(primary.url("ap"), { quiet: true });
  standby = await standbyOf(primary, "replica-standby");
  standbyAdmin = new pg.Client({ connectionString: standby.url("ap") });
  // The last test stops the standby under this connection.
  standbyAdmin.on("error", () => {});
  await standbyAdmin.connect();
  const { rows } = await standbyAdmin.query<{ recovering: boolean }>("SELECT pg_is_in_recovery() AS recovering");
  expect(rows[0]!.recovering).toBe(true);

  process.env.DATABASE_URL = primary.url("ap");
  process.env.DATABASE_REPLICA_URL = standby.url("ap");
  institution = await makeCollege("9401");
  userId = (await makeUser()).id;
  await release();
  const { createBulkFile, logBulkFile } = await lib.bulk();
  const full = await createBulkFile({ userId, institution, channel: "PORTAL", type: "FULL", format: "TXT", withoutBase: "refuse", refuseEmpty: false });
  if (!full.ok) throw new Error(full.message);
  await logBulkFile(full.file.id, userId, null, "PORTAL");
}, 240_000);

afterAll(async () => {
  await standbyAdmin?.end().catch(() => {});
  const { closeDb } = await lib.db();
  await closeDb();
  standby?.destroy();
  primary?.destroy();
}, 120_000);

describe("bulk files on a read replica", () => {
  it("streams from the replica once it has replayed the file's watermark", async () => {
    const apId = await release();
    await caughtUp();
    const file = await newFile();
    expect(file.source).toBe("replica");
    expect(file.records).toBe(1);
    expect(file.text).toContain(apId);
  });

  it("never serves a file short of its watermark: a lagging replica means the primary", async () => {
    await standbyAdmin.query("SELECT pg_wal_replay_pause()");
    try {
      const apId = await release();
      const file = await newFile();
      // The replica really is behind: read there, the file would have missed the release.
      expect(await replicaWatermark()).toBeLessThan(await primaryWatermark());
      const { rows } = await standbyAdmin.query("SELECT 1 FROM score_report WHERE ap_id = $1", [apId]);
      expect(rows).toEqual([]);
      expect(file.source).toBe("primary");
      expect(file.text).toContain(apId);
      expect(file.text.split("\r\n").filter(Boolean)).toHaveLength(file.records);
    } finally {
      await standbyAdmin.query("SELECT pg_wal_replay_resume()");
    }
  });

  it("waits briefly for a replica that is catching up", async () => {
    await standbyAdmin.query("SELECT pg_wal_replay_pause()");
    const apId = await release();
    const resume = setTimeout(() => void standbyAdmin.query("SELECT pg_wal_replay_resume()"), 300);
    try {
      const file = await newFile();
      expect(file.source).toBe("replica");
      expect(file.text).toContain(apId);
    } finally {
      clearTimeout(resume);
      await standbyAdmin.query("SELECT pg_wal_replay_resume()").catch(() => {});
    }
  });

  it("reads the primary when the replica is down", async () => {
    const apId = await release();
    standby!.stop();
    try {
      const file = await newFile();
      expect(file.source).toBe("primary");
      expect(file.text).toContain(apId);
    } finally {
      standby!.start();
    }
  });
});
