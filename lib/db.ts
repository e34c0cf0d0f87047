import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";

// Postgres `date` columns come back as plain "YYYY-MM-DD" strings for the raw-SQL paths
// (a JS Date would shift them by the server's time zone).
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// `timestamp` columns hold UTC wall time, as Prisma writes and reads them. The raw-SQL paths
// must agree whatever the process's time zone: Dates are sent as UTC, and `timestamp` values
// read back as UTC (pg's defaults use the local zone for both).
pg.defaults.parseInputDatesAsUTC = true;
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => new Date(`${v.replace(" ", "T")}Z`));

interface Db {
  pool: pg.Pool;
  prisma: PrismaClient;
  /** DATABASE_REPLICA_URL's pool, made on first use (undefined: not made yet; null: none configured). */
  replica?: pg.Pool | null;
  /** The file downloads' own small pool, made on first use. */
  downloads?: pg.Pool;
}

// One pool per process, kept across Next's hot reloads in development.
const globalForDb = globalThis as unknown as { __apDb?: Db; __apBulkLane?: { running: number; waiting: Array<{ resolve: () => void }> } };

/** The primary's URL: required wherever the database is opened (a build needs none). */
export function databaseUrl(): string {
  const { DATABASE_URL } = env();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  return DATABASE_URL;
}

function createDb(): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl(),
    max: env().DB_POOL_SIZE,
    idleTimeoutMillis: 30_000,
  });
  // An idle client losing its connection must not crash the process.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return { pool, prisma };
}

function db(): Db {
  globalForDb.__apDb ??= createDb();
  return globalForDb.__apDb;
}

/** The Prisma client for ordinary reads and writes. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get: (_t, prop) => {
    const client = db().prisma;
    const value: unknown = Reflect.get(client, prop);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** The raw pool, for streaming cursors and COPY on the hot paths. */
export function pool(): pg.Pool {
  return db().pool;
}

/**
 * A query run as a prepared statement, named after its text: each connection parses and plans
 * it once, and PostgreSQL may then keep a generic plan, instead of planning every call (for
 * the PDF tab's lookups, planning took four times as long as running). For the hot paths whose
 * texts come from a small set of shapes.
 */
export function prepared(text: string, values: unknown[]): pg.QueryConfig {
  return { name: `q_${createHash("sha1").update(text).digest("base64url").slice(0, 20)}`, text, values };
}

/** How long a transaction may stay open unless its caller says otherwise (Prisma's interactive transactions had the same). */
export const TRANSACTION_TIMEOUT_MS = 120_000;

/** A transaction passed its time limit: it was rolled back, nothing it wrote was kept. */
export class TransactionTimeoutError extends AppError {
  constructor(readonly timeoutMs: number) {
    super("UNAVAILABLE", `The database work took longer than ${Math.round(timeoutMs / 1000)} seconds and was stopped; nothing was saved. Please try again.`, {
      retryAfterSeconds: env().RETRY_AFTER_SECONDS,
    });
  }
}

export interface TransactionOptions {
  /** The pool to take the connection from (default: the app's pool). */
  on?: pg.Pool;
  /** The most the whole transaction may take, from BEGIN to COMMIT (default TRANSACTION_TIMEOUT_MS). */
  timeoutMs?: number;
  /**
   * Statements sent with BEGIN, in the same round trip (a lock, then reads that must follow
   * it). Sent as a simple query, so they take no parameters: values must be written in
   * (inlineParameters, lib/pg-copy). Their results reach `fn` as `tx.begun`, in order.
   */
  withBegin?: string;
}

/** What `withPgTransaction` hands its function beside the client. */
export interface PgTransaction {
  /** The results of `withBegin`'s statements, in order (empty without it). */
  begun: pg.QueryResult[];
  /**
   * Runs `sql` (a simple query: values written in) and COMMIT in one round trip, and returns
   * the result of `sql`'s last statement. Call it last: the transaction is over when it returns.
   */
  commitWith(sql: string): Promise<pg.QueryResult>;
}

/** A simple query's results: one per statement (pg gives a lone result unwrapped). */
function resultsOf(result: pg.QueryResult | pg.QueryResult[]): pg.QueryResult[] {
  return Array.isArray(result) ? result : [result];
}

/**
 * Runs `fn` in a transaction on one client of the pool: COMMIT, or ROLLBACK and rethrow. A
 * transaction still open after `timeoutMs` is ended from outside: its server session is
 * terminated (PostgreSQL rolls the transaction back and frees its locks, whatever `fn` is
 * waiting for, on every supported version), and TransactionTimeoutError is thrown. Once COMMIT
 * is sent the limit no longer applies, so a slow commit is never cut into an unknown outcome.
 */
export async function withPgTransaction<T>(fn: (client: pg.PoolClient, tx: PgTransaction) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const on = options.on ?? pool();
  const timeoutMs = options.timeoutMs ?? TRANSACTION_TIMEOUT_MS;
  const client = await on.connect();
  // A session ended while `fn` awaits something else (the limit below, a server restart) is
  // reported as an 'error' event; unheard, it would end the process. The next query fails instead.
  const onLost = (error: Error) => logger.warn({ err: error }, "a transaction's connection was lost");
  client.on("error", onLost);
  let committing = false;
  let committed = false;
  let timedOut = false;
  const timer = setTimeout(() => {
    if (committing) return;
    timedOut = true;
    void terminateSession(on, client);
  }, timeoutMs);
  timer.unref();
  try {
    const begun = resultsOf(await client.query<never>(options.withBegin ? `BEGIN; ${options.withBegin}` : "BEGIN")).slice(1);
    const tx: PgTransaction = {
      begun,
      commitWith: async (sql) => {
        if (committing) throw new Error("commitWith: the transaction is already committing");
        if (timedOut) throw new TransactionTimeoutError(timeoutMs);
        committing = true;
        const results = resultsOf(await client.query<never>(`${sql.replace(/[\s;]+$/, "")};\nCOMMIT`));
        committed = true;
        return results[results.length - 2]!;
      },
    };
    const result = await fn(client, tx);
    if (committed) return result;
    if (timedOut) throw new TransactionTimeoutError(timeoutMs);
    if (committing) throw new Error("commitWith failed; the transaction was not committed");
    committing = true;
    await client.query("COMMIT");
    return result;
  } catch (error) {
    if (timedOut) throw new TransactionTimeoutError(timeoutMs);
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
    client.off("error", onLost);
    // A terminated session's connection is dead: discard it rather than return it to the pool.
    client.release(timedOut);
  }
}

/** Ends a transaction's server session from a connection of its own (the pool may be full). */
async function terminateSession(on: pg.Pool, client: pg.PoolClient): Promise<void> {
  const pid = (client as pg.PoolClient & { processID?: number }).processID;
  const killer = new pg.Client(on.options);
  killer.on("error", () => {});
  try {
    await killer.connect();
    if (pid) await killer.query("SELECT pg_terminate_backend($1)", [pid]);
  } catch (error) {
    // The server may be gone already; destroying the socket ends the transaction all the same.
    logger.warn({ err: error }, "could not terminate a timed-out transaction's session; closing its connection");
    (client as pg.PoolClient & { connection?: { stream?: { destroy: () => void } } }).connection?.stream?.destroy();
  } finally {
    await killer.end().catch(() => {});
  }
}

/**
 * The read replica's pool (DATABASE_REPLICA_URL), or null when none is configured. Only for
 * reads that can check the replica is recent enough (bulk files: lib/bulk/stream.ts).
 */
export function replicaPool(): pg.Pool | null {
  const current = db();
  if (current.replica === undefined) {
    const url = env().DATABASE_REPLICA_URL;
    current.replica = url ? new pg.Pool({ connectionString: url, max: env().DB_POOL_SIZE, idleTimeoutMillis: 30_000, connectionTimeoutMillis: 2_000 }) : null;
    current.replica?.on("error", () => {});
  }
  return current.replica;
}

/**
 * Connections for streaming files, apart from request traffic: a download holds its connection
 * until the client has read the last byte, so slow or stalled readers (signed URLs are bearer
 * URLs) must only ever wait on each other, never on the pages and APIs. DOWNLOAD_POOL_SIZE
 * of them; a download that cannot get one within DOWNLOAD_WAIT_SECONDS is answered 503 +
 * Retry-After (lib/bulk/stream.ts).
 */
export function downloadPool(): pg.Pool {
  const current = db();
  if (!current.downloads) {
    current.downloads = new pg.Pool({
      connectionString: databaseUrl(),
      max: env().DOWNLOAD_POOL_SIZE,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: env().DOWNLOAD_WAIT_SECONDS * 1000,
    });
    current.downloads.on("error", () => {});
  }
  return current.downloads;
}

/**
 * Bulk work's lane: runs `fn` when fewer than FILE_PREPARE_CONCURRENCY others run in this
 * process. Preparing a file counts every report of its institution, which is cheap alone and
 * heavy in a crowd: on release day hundreds of registrars and scripts ask at once, and pages
 * queued behind all of their statements in the request pool waited seconds. In the lane they
 * wait their turn holding no connection, so the pool stays free for pages and APIs. A caller
 * that waits DOWNLOAD_WAIT_SECONDS is refused with 503 + Retry-After, as a download is.
 */
export async function inBulkLane<T>(fn: () => Promise<T>): Promise<T> {
  const lane = (globalForDb.__apBulkLane ??= { running: 0, waiting: [] });
  const settings = env();
  if (lane.running >= settings.FILE_PREPARE_CONCURRENCY) {
    await new Promise<void>((resolve, reject) => {
      const waiter = { resolve: () => (clearTimeout(timer), resolve()) };
      const timer = setTimeout(() => {
        lane.waiting.splice(lane.waiting.indexOf(waiter), 1);
        reject(new AppError("UNAVAILABLE", BULK_BUSY_MESSAGE, { retryAfterSeconds: settings.RETRY_AFTER_SECONDS }));
      }, settings.DOWNLOAD_WAIT_SECONDS * 1000);
      lane.waiting.push(waiter);
    });
  } else {
    lane.running++;
  }
  try {
    return await fn();
  } finally {
    // The slot passes straight to the next in line (running stays the same), or is freed.
    const next = lane.waiting.shift();
    if (next) next.resolve();
    else lane.running--;
  }
}

const BULK_BUSY_MESSAGE = "Too many files are being prepared right now. Please try again in a few seconds.";

export async function closeDb(): Promise<void> {
  const current = globalForDb.__apDb;
  globalForDb.__apDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end();
    await current.replica?.end();
    await current.downloads?.end();
  }
}

/** A unique constraint refused the write (Prisma P2002): someone else got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
