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
}

// One pool per process, kept across Next's hot reloads in development.
const globalForDb = globalThis as unknown as { __apDb?: Db };

function createDb(): Db {
  const { DATABASE_URL, DB_POOL_SIZE } = env();
  if (!DATABASE_URL) throw new Error("DATABASE_URL is not set (npm start sets it for the embedded database)");
  const pool = new pg.Pool({
    connectionString: DATABASE_URL,
    max: DB_POOL_SIZE,
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

export async function closeDb(): Promise<void> {
  const current = globalForDb.__apDb;
  globalForDb.__apDb = undefined;
  if (current) {
    await current.prisma.$disconnect();
    await current.pool.end();
  }
}

/** A unique constraint refused the write (Prisma P2002): someone else got there first. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}
