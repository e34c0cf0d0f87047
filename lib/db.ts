import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { Prisma, PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

// Postgres `date` columns come back as plain "YYYY-MM-DD" strings for the raw-SQL paths
// (a JS Date would shift them by the server's time zone).
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

interface Db {
  pool: pg.Pool;
  prisma: PrismaClient;
  /** DATABASE_REPLICA_URL's pool, made on first use (undefined: not made yet; null: none configured). */
  replica?: pg.Pool | null;
  /** The file downloads' own small pool, made on first use. */
  downloads?: pg.Pool;
}

// One pool per process, kept across Next's hot reloads in development.
const globalForDb = globalThis as unknown as { __apDb?: Db };

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

/** Runs `fn` in a transaction on one client of `on` (default: the pool): COMMIT, or ROLLBACK and rethrow. */
export async function withPgTransaction<T>(fn: (client: pg.PoolClient) => Promise<T>, on: pg.Pool = pool()): Promise<T> {
  const client = await on.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
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
