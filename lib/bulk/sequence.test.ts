/**
 * The release sequence under the faults it exists for: releases and file generations while a
 * sequencer is mid-run, a process dying between a release's commit and its sequencing, a
 * sequencer's transaction dying mid-run, several sequencers (on several "servers") at once.
 * Nothing lost, nothing doubled, and within a report later versions always sort later.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { useTestDatabase } from "@/lib/test/db";
import { pool } from "@/lib/db";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { releaseScoreReports } from "@/lib/reports/release";
import { SAMPLE_STUDENT, makeCollege, makeUser, randomApId, releaseInput } from "@/lib/test/factories";
import { createBulkFile, logBulkFile, type CreateBulkFileArgs } from "@/lib/bulk/mutations";
import { bulkStatus, loadBulkFile } from "@/lib/bulk/queries";
import { fileVersionIdsQuery } from "@/lib/bulk/definition";
import { currentWatermark, reservePositions, runSequencer, sequenceReleases } from "@/lib/bulk/sequence";
import { startSequenceSweep } from "@/lib/worker/worker";

const database = useTestDatabase();

let institution: AuthorizedInstitution;
const clients: pg.Client[] = [];

async function connect(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: database().url });
  await client.connect();
  clients.push(client);
  return client;
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => {})));
});

function report(apId = randomApId(), score = 4) {
  return releaseInput(institution.diCode, { ...SAMPLE_STUDENT, apId, firstName: "Seq", lastName: `Student${apId.slice(-4)}` }, { score });
}

function args(userId: string, type: CreateBulkFileArgs["type"]): CreateBulkFileArgs {
  return { userId, institution, channel: "PORTAL", type, format: "TXT", withoutBase: "refuse", refuseEmpty: false };
}

async function newUser(): Promise<string> {
  return (await makeUser()).id;
}

/** (report, version) pairs a file holds, as "reportId:version". */
async function versionsIn(fileId: string): Promise<string[]> {
  const file = await loadBulkFile(fileId);
  const query = fileVersionIdsQuery(file!.definition);
  const { rows } = await pool().query<{ report_id: string; version: number }>(query.text, query.values);
  return rows.map((r) => `${r.report_id}:${r.version}`).sort();
}

async function downloadAndLog(userId: string, type: CreateBulkFileArgs["type"]) {
  const made = await createBulkFile(args(userId, type));
  if (!made.ok) throw new Error(made.message);
  await logBulkFile(made.file.id, userId, null, "PORTAL");
  return made.file;
}

/**
 * A new version of a released report, committed exactly as a release commits it (no position)
 * and never sequenced afterwards: a process that died right after its commit.
 */
async function commitWithoutSequencing(reportId: string): Promise<string> {
  const { rows } = await pool().query<{ id: string }>(
    `INSERT INTO score_report_version (report_id, organization_id, version, released_at, txt_record, data)
     SELECT report_id, organization_id, version + 1, now(), txt_record, data FROM score_report_version
      WHERE report_id = $1::bigint ORDER BY version DESC LIMIT 1
     RETURNING id::text`,
    [reportId],
  );
  await pool().query("UPDATE score_report SET latest_version = latest_version + 1 WHERE id = $1::bigint", [reportId]);
  return rows[0]!.id;
}

async function releasedReportId(): Promise<string> {
  const [released] = await releaseScoreReports([report()]);
  return released!.reportId;
}

async function positionOf(versionId: string): Promise<string | null> {
  const { rows } = await pool().query<{ position: string | null }>("SELECT position::text FROM score_report_version WHERE id = $1::bigint", [versionId]);
  return rows[0]!.position;
}

/** Every assigned position is unique, the counter is the highest, and a report's versions sort by version. */
async function expectSequenceConsistent(): Promise<void> {
  const { rows } = await pool().query<{
    positions: string;
    distinct_positions: string;
    top: string | null;
    counter: string;
    misordered: string;
    unsequenced: string;
  }>(
    `SELECT count(position)::text AS positions, count(DISTINCT position)::text AS distinct_positions, max(position)::text AS top,
            (SELECT last_position::text FROM release_sequence) AS counter,
            (SELECT count(*) FROM score_report_version a JOIN score_report_version b ON a.report_id = b.report_id AND a.version < b.version
              WHERE a.position >= b.position OR (a.position IS NULL AND b.position IS NOT NULL))::text AS misordered,
            count(*) FILTER (WHERE position IS NULL)::text AS unsequenced
       FROM score_report_version`,
  );
  const r = rows[0]!;
  expect(r.distinct_positions, "no position is given twice").toBe(r.positions);
  expect(r.top, "the counter is the highest position").toBe(r.counter);
  expect(r.misordered, "a later version of a report never sorts before an earlier one").toBe("0");
  expect(r.unsequenced).toBe("0");
}

describe("the release sequence", () => {
  beforeAll(async () => {
    institution = await makeCollege("9101");
    await releaseScoreReports([report(), report()]);
  });

  it("a release leaves nothing unsequenced and moves the watermark past its versions", async () => {
    const before = await currentWatermark(pool());
    const released = await releaseScoreReports([report(), report(), report()]);
    const { rows } = await pool().query<{ position: string | null }>(
      "SELECT position::text FROM score_report_version WHERE report_id = ANY($1::bigint[]) ORDER BY id",
      [released.map((r) => r.reportId)],
    );
    expect(rows.map((r) => BigInt(r.position!))).toEqual([before + 1n, before + 2n, before + 3n]);
    expect(await currentWatermark(pool())).toBe(before + 3n);
    expect(await sequenceReleases()).toEqual({ assigned: 0, lastPosition: null });
  });

  it("a version whose release died before sequencing counts as new, and the next file sequences and holds it", async () => {
    const reportId = await releasedReportId();
    const user = await newUser();
    await downloadAndLog(user, "FULL");
    const orphan = await commitWithoutSequencing(reportId);
    expect(await positionOf(orphan)).toBeNull();
    expect((await bulkStatus(user, institution.id)).newCount).toBe(1);
    const inc = await downloadAndLog(user, "INCREMENTAL");
    expect(await positionOf(orphan)).not.toBeNull();
    expect(await versionsIn(inc.id)).toEqual([`${reportId}:2`]);
    expect((await bulkStatus(user, institution.id)).newCount).toBe(0);
    await expectSequenceConsistent();
  });

  it("a rate-limited generation that first waits for sequencing counts its hit once, and a refused one makes nothing", async () => {
    const reportId = await releasedReportId();
    const user = await newUser();
    await downloadAndLog(user, "FULL");
    const orphan = await commitWithoutSequencing(reportId);
    const rule = { name: "seq-test", limit: 2, windowSeconds: 600, message: "Too many files." };
    const hits = async () => (await pool().query<{ count: number }>("SELECT count FROM rate_limit WHERE key = $1", [`seq-test:${user}`])).rows[0]?.count ?? 0;
    // The first attempt finds the orphan waiting, sequences it, and makes the file again.
    const first = await createBulkFile({ ...args(user, "INCREMENTAL"), throttle: { rule, subject: user } });
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(await versionsIn(first.file.id)).toEqual([`${reportId}:2`]);
    expect(await positionOf(orphan)).not.toBeNull();
    expect(await hits()).toBe(1);
    expect((await createBulkFile({ ...args(user, "FULL"), throttle: { rule, subject: user } })).ok).toBe(true);
    const files = async () => (await pool().query("SELECT id FROM bulk_file WHERE user_id = $1::uuid", [user])).rowCount;
    const before = await files();
    const refused = await createBulkFile({ ...args(user, "FULL"), throttle: { rule, subject: user } });
    expect(refused).toMatchObject({ ok: false, reason: "rate-limited", message: "Too many files.", retryAfterSeconds: expect.any(Number) });
    expect(await files()).toBe(before);
    await expectSequenceConsistent();
  });

  it("the worker's sweep gives an orphaned version its position within its interval", async () => {
    const orphan = await commitWithoutSequencing(await releasedReportId());
    const stop = startSequenceSweep(50);
    try {
      const deadline = Date.now() + 5_000;
      while ((await positionOf(orphan)) === null) {
        if (Date.now() > deadline) throw new Error("the sweep never sequenced the version");
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      stop();
    }
    await expectSequenceConsistent();
  });

  it("a sequencer that dies mid-run assigns nothing, and the next run assigns everything once", async () => {
    const orphan = await commitWithoutSequencing(await releasedReportId());
    const doomed = await connect();
    const { rows } = await doomed.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
    await doomed.query("BEGIN");
    const run = await runSequencer(doomed);
    expect(run.assigned).toBeGreaterThan(0);
    // The server kills its backend before it commits (as a crash or restart would).
    doomed.on("error", () => {});
    await pool().query("SELECT pg_terminate_backend($1)", [rows[0]!.pid]);
    await expect(doomed.query("COMMIT")).rejects.toThrow();
    expect(await positionOf(orphan)).toBeNull();
    expect((await sequenceReleases()).assigned).toBe(run.assigned);
    expect(await positionOf(orphan)).not.toBeNull();
    await expectSequenceConsistent();
  });

  it("releases and file generations while a sequencer is mid-run: waited for, then exact", async () => {
    const reportId = await releasedReportId();
    const user = await newUser();
    await downloadAndLog(user, "FULL");
    await commitWithoutSequencing(reportId);

    // A sequencer on another "server" has numbered the orphan but not committed yet.
    const slow = await connect();
    await slow.query("BEGIN");
    await runSequencer(slow);

    // Meanwhile a release commits and a file is requested: neither may read a watermark that
    // the slow sequencer's positions could fall under, so both wait for its lock.
    const apId = randomApId();
    const releasing = releaseScoreReports([report(apId)]);
    const generating = createBulkFile(args(user, "INCREMENTAL"));
    const settled = await Promise.race([Promise.all([releasing, generating]).then(() => "done"), new Promise((r) => setTimeout(() => r("waiting"), 300))]);
    expect(settled).toBe("waiting");
    await slow.query("COMMIT");
    const [released, made] = await Promise.all([releasing, generating]);
    if (!made.ok) throw new Error(made.message);
    await logBulkFile(made.file.id, user, null, "PORTAL");

    // The file holds the orphan; the racing release is in it or in the next file, never neither, never both.
    const first = await versionsIn(made.file.id);
    expect(first).toContain(`${reportId}:2`);
    const next = await createBulkFile(args(user, "INCREMENTAL"));
    if (!next.ok) throw new Error(next.message);
    const second = await versionsIn(next.file.id);
    const racer = `${released[0]!.reportId}:1`;
    expect([first.includes(racer), second.includes(racer)].filter(Boolean)).toHaveLength(1);
    expect(second.filter((v) => first.includes(v))).toEqual([]);
    await expectSequenceConsistent();
  });

  it("many releases, sequencers on two servers and generations at once: every version in exactly one logged file", async () => {
    const user = await newUser();
    await downloadAndLog(user, "FULL");
    const secondServer = new pg.Pool({ connectionString: database().url, max: 4 });
    try {
      const apIds = Array.from({ length: 6 }, () => randomApId());
      const released: Array<{ reportId: string; version: number }> = [];
      const files: string[] = [];
      // A chain of "new" files made one after another while releases and sequencers run.
      let generating = true;
      const chain = (async () => {
        while (generating) {
          files.push((await downloadAndLog(user, "INCREMENTAL")).id);
        }
      })();
      await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          // Updates of the same students race each other too: versions of one report.
          const batch = i % 3 === 0 ? [report(apIds[i % apIds.length]), report()] : [report(apIds[i % apIds.length])];
          for (const r of await releaseScoreReports(batch)) released.push({ reportId: r.reportId, version: r.version });
          await Promise.all([sequenceReleases(secondServer), sequenceReleases(secondServer), sequenceReleases()]);
        }),
      );
      generating = false;
      await chain;
      files.push((await downloadAndLog(user, "INCREMENTAL")).id);

      const seen = new Map<string, number>();
      const latestSeen = new Map<string, number>();
      for (const id of files) {
        for (const v of await versionsIn(id)) {
          seen.set(v, (seen.get(v) ?? 0) + 1);
          const [reportId, version] = v.split(":") as [string, string];
          latestSeen.set(reportId, Math.max(latestSeen.get(reportId) ?? 0, Number(version)));
        }
      }
      // Nothing doubled: no version is in two files of the chain.
      expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
      // Nothing lost: each version, or a later one of its report, reached the user.
      for (const r of released) expect(latestSeen.get(r.reportId) ?? 0, `report ${r.reportId} version ${r.version}`).toBeGreaterThanOrEqual(r.version);
      await expectSequenceConsistent();
    } finally {
      await secondServer.end();
    }
  });

  it("within a report, a later version always gets a higher position, however its release raced the earlier one", async () => {
    const apId = randomApId();
    await Promise.all(Array.from({ length: 8 }, (_, i) => releaseScoreReports([report(apId, 1 + (i % 5))])));
    const { rows } = await pool().query<{ version: number; position: string }>(
      `SELECT v.version, v.position::text FROM score_report_version v JOIN score_report r ON r.id = v.report_id
        WHERE r.ap_id = $1 AND r.organization_id = $2::uuid ORDER BY v.version`,
      [apId, institution.id],
    );
    expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const positions = rows.map((r) => BigInt(r.position));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    await expectSequenceConsistent();
  });

  it("bulk loads reserve positions only inside their transaction", async () => {
    const client = await connect();
    await expect(reservePositions(client, 5)).rejects.toThrow(/inside the transaction/);
    await client.query("BEGIN");
    const before = await currentWatermark(pool());
    expect(await reservePositions(client, 5)).toBe(before + 1n);
    // Not visible until the loader commits; a rollback gives the positions back.
    expect(await currentWatermark(pool())).toBe(before);
    await client.query("ROLLBACK");
    expect(await currentWatermark(pool())).toBe(before);
  });
});
