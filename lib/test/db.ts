/**
 * Integration tests get their own database, cloned from the migrated template that
 * vitest.global-setup.ts prepares. Call `useTestDatabase()` at the top of a test file.
 */
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";

export interface TestDatabase {
  url: string;
  name: string;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("testDatabaseAdminUrl") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `ap_test_${crypto.randomBytes(6).toString("hex")}`;
  // CREATE DATABASE ... TEMPLATE fails while another session uses the template: retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE ap_test_template`));
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((r) => setTimeout(r, 100 + attempt * 50));
    }
  }
  const url = new URL(inject("testDatabaseAdminUrl"));
  url.pathname = `/${name}`;
  return { url: url.toString(), name };
}

export async function dropTestDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/**
 * Points lib/db at a fresh database for this test file (and sets a test AUTH_SECRET).
 * Returns a getter for the database's URL.
 */
export function useTestDatabase(): () => TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    process.env.AUTH_SECRET ??= "test-secret-test-secret-test-secret-0123456789";
  });
  afterAll(async () => {
    const { closeDb } = await import("@/lib/db");
    await closeDb();
    if (db) await dropTestDatabase(db.name);
  });
  return () => {
    if (!db) throw new Error("useTestDatabase: the database is created in beforeAll");
    return db;
  };
}
