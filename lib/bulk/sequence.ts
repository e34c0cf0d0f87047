import type pg from "pg";
import { pool, prepared, withPgTransaction } from "@/lib/db";

/**
 * The release sequence (docs/delivery-sequence.md). Every report version gets a position, and a
 * bulk file is "each report's latest version with a position in (base, watermark]". Positions
 * are data in the version's row, so they survive what transaction ids do not: a dump and
 * restore, a major upgrade, a move to another server, a read replica.
 *
 * Exactness under concurrency comes from how positions are handed out. Releases commit with no
 * position. The sequencer then, in one transaction:
 *   1. locks the counter row (release_sequence), so sequencers on any number of app servers run
 *      one at a time;
 *   2. in a NEW statement (READ COMMITTED: its snapshot is taken after the lock, so it sees the
 *      previous sequencer's commit), numbers every committed, unsequenced version in id order
 *      after the counter, and moves the counter past them.
 * A release still in flight is invisible to step 2: it is never waited for and simply gets a
 * later position from a later run. So when the counter's committed value is W, every position
 * up to W belongs to a committed version, and no version can later get a position at or below
 * W. A file made with watermark W therefore holds exactly what it will hold forever.
 *
 * Within a report, a later version always gets a higher position: releasing version n+1 claims
 * the report row, which waits until version n's transaction commits, so version n+1's row has a
 * higher id and is committed no earlier; it is numbered in the same run (in id order) or later.
 *
 * The counter is a table row rather than a SEQUENCE on purpose: it is transactional (a crash
 * mid-run assigns nothing; no gaps), and logical replication and COPY-based moves carry it
 * with the rows it describes, which they do not do for sequences.
 */

/** How often the worker's sweep sequences versions whose release did not (a crash right after commit). */
export const SEQUENCE_SWEEP_INTERVAL_MS = 1000;

export interface SequenceResult {
  /** Versions given a position by this run. */
  assigned: number;
  /** The counter after this run (the highest position assigned so far); null when nothing was waiting. */
  lastPosition: bigint | null;
}

type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, "query">;

/** Is any committed version still waiting for a position? One probe of a partial index. */
/** Whether any committed version still waits for its position: one row, `pending`. */
export const UNSEQUENCED_SQL = "SELECT EXISTS (SELECT 1 FROM score_report_version WHERE position IS NULL) AS pending";

async function anyUnsequenced(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ pending: boolean }>(prepared(UNSEQUENCED_SQL, []));
  return rows[0]?.pending ?? false;
}

/**
 * Locks the counter row for the rest of the caller's transaction and returns its value: the
 * highest position assigned by any committed run.
 */
export async function lockReleaseSequence(client: Queryable): Promise<bigint> {
  const { rows } = await client.query<{ last_position: string }>("SELECT last_position::text FROM release_sequence WHERE id = 1 FOR UPDATE");
  if (!rows[0]) throw new Error("release_sequence has no row: the database is missing the release_sequence migration's data (run the migrations)");
  return BigInt(rows[0].last_position);
}

/** Numbers the committed, unsequenced versions after `last`; the caller holds the counter's lock. */
async function assignPositions(client: Queryable, last: bigint): Promise<SequenceResult> {
  // A separate statement from the lock: its snapshot is taken now, after the lock was granted.
  const { rows } = await client.query<{ assigned: string; last_position: string }>(
    `WITH todo AS (
       SELECT id, row_number() OVER (ORDER BY id) AS n FROM score_report_version WHERE position IS NULL
     ), numbered AS (
       UPDATE score_report_version v SET position = $1::bigint + todo.n FROM todo WHERE v.id = todo.id RETURNING 1
     )
     UPDATE release_sequence SET last_position = $1::bigint + (SELECT count(*) FROM todo)
      WHERE id = 1
     RETURNING (SELECT count(*) FROM numbered)::text AS assigned, last_position::text`,
    [last.toString()],
  );
  return { assigned: Number(rows[0]!.assigned), lastPosition: BigInt(rows[0]!.last_position) };
}

/**
 * One sequencer run inside the caller's open transaction: lock the counter, then number the
 * committed, unsequenced versions. The positions become visible when the caller commits; a
 * rollback (or a crash) assigns nothing. sequenceReleases() is the usual way to run it.
 */
export async function runSequencer(client: pg.PoolClient | pg.Client): Promise<SequenceResult> {
  const last = await lockReleaseSequence(client);
  return assignPositions(client, last);
}

/**
 * Gives every committed, unsequenced version its position (its own transaction). Safe to call
 * from anywhere, any number of times, on any number of servers at once. Called right after a
 * release commits, before a file's watermark is read, and by the worker's sweep every
 * SEQUENCE_SWEEP_INTERVAL_MS. When it returns, every version committed before it was called has
 * a position.
 */
export async function sequenceReleases(db: pg.Pool = pool()): Promise<SequenceResult> {
  // The common case (nothing waiting) costs one index probe and takes no lock. Seeing no
  // unsequenced version means every version committed so far has a committed position.
  if (!(await anyUnsequenced(db))) return { assigned: 0, lastPosition: null };
  return withPgTransaction(runSequencer, { on: db });
}

/**
 * Reserves `count` positions for versions the caller's transaction is about to insert itself
 * (bulk loads with COPY write them directly instead of rewriting every row afterwards). Holds
 * the counter's lock until the caller commits, so the positions become visible together with
 * the counter. Returns the first reserved position. Refuses to run outside a transaction,
 * where the lock would end with the statement.
 */
export async function reservePositions(client: pg.PoolClient | pg.Client, count: number): Promise<bigint> {
  const last = await lockReleaseSequence(client);
  // Locking a row gives the transaction an id; none here means the lock's statement was a
  // transaction of its own and the lock is already gone.
  const { rows } = await client.query<{ in_transaction: boolean }>("SELECT pg_current_xact_id_if_assigned() IS NOT NULL AS in_transaction");
  if (!rows[0]?.in_transaction) throw new Error("reservePositions must run inside the transaction that inserts the versions");
  await client.query("UPDATE release_sequence SET last_position = $1::bigint WHERE id = 1", [(last + BigInt(count)).toString()]);
  return last + 1n;
}

/**
 * The watermark a file made now gets: the counter's committed value. Every position at or
 * below it belongs to a committed version, visible to this and every later statement.
 */
export async function currentWatermark(db: Queryable): Promise<bigint> {
  const { rows } = await db.query<{ last_position: string }>(prepared("SELECT last_position::text FROM release_sequence WHERE id = 1", []));
  if (!rows[0]) throw new Error("release_sequence has no row: the database is missing the release_sequence migration's data (run the migrations)");
  return BigInt(rows[0].last_position);
}
