/**
 * The release-sequence migration keeps every existing file and every user's next "new" file
 * exactly as the old engine had them. A database is migrated up to the migration before it,
 * filled the old way (versions stamped with their transaction id, files with the snapshot they
 * were made from, releases in flight and committing late while files are made), then every
 * answer the old engine gives is recorded with the old engine's own SQL; after `prisma migrate
 * deploy` the new engine must give the same bytes.
 */
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AuthorizedInstitution, AuthorizedOrganizationId } from "@/lib/auth/gate";
import { reportingYearStart, retentionStart } from "@/lib/dates";
import { csvHeaderLine, txtLineToCsvRow } from "@/lib/formats/csv";
import { createRng, createSampleRecord } from "@/prisma/factories/records";
import { toTxtRecord } from "@/lib/formats/txt";

const ROOT = path.resolve(import.meta.dirname, "..");
const MIGRATION = "20261123120000_release_sequence";
const DAY = 86_400_000;

let adminUrl: string;
let dbName: string;
let dbUrl: string;
let dir: string;

function deploy(): void {
  const result = spawnSync(
    process.execPath,
    [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy", "--config", path.join(dir, "prisma.config.mjs")],
    {
      cwd: dir,
      env: {
        ...process.env,
        DATABASE_URL: dbUrl,
        PRISMA_SCHEMA_ENGINE_BINARY: path.join(ROOT, "scripts/schema-engine/bin.cjs"),
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      encoding: "utf8",
    },
  );
  expect(result.status, result.stdout + result.stderr).toBe(0);
}

function copyMigration(name: string): void {
  fs.cpSync(path.join(ROOT, "prisma/migrations", name), path.join(dir, "migrations", name), { recursive: true });
}

// ───────────── the old engine, as it was (lib/bulk before the release sequence) ─────────────

interface OldFile {
  id: string;
  userId: string;
  orgId: string;
  type: "FULL" | "INCREMENTAL" | "CUSTOM";
  format: "TXT" | "CSV";
}

interface Row {
  key: string;
  txt: string;
  csv: string | null;
}

const visible = (c: string, p: number) => `(${c} < $${p}::bigint OR (${c} < $${p + 1}::bigint AND ${c} <> ALL ($${p + 2}::bigint[])))`;
const notVisible = (c: string, p: number) => `(${c} >= $${p}::bigint AND (${c} >= $${p + 1}::bigint OR ${c} = ANY ($${p + 2}::bigint[])))`;

interface OldDefinition {
  orgId: string;
  type: string;
  snap: [string, string, string[]];
  base: [string, string, string[]] | null;
  from: Date;
  until: Date | null;
}

function oldWhere(def: OldDefinition): { where: string; values: unknown[] } {
  const values: unknown[] = [def.orgId, ...def.snap, def.from];
  const clauses = ["v.organization_id = $1::uuid", visible("v.xid", 2), "v.released_at >= $5"];
  if (def.until) {
    values.push(def.until);
    clauses.push(`v.released_at < $${values.length}`);
  }
  if (def.type === "INCREMENTAL" && def.base) {
    const first = values.length + 1;
    values.push(...def.base);
    clauses.push(notVisible("v.xid", first));
  }
  return { where: clauses.join(" AND "), values };
}

async function oldRows(db: pg.Client, def: OldDefinition): Promise<Row[]> {
  const { where, values } = oldWhere(def);
  const { rows } = await db.query<{ key: string; txt: string; csv: string | null }>(
    `SELECT DISTINCT ON (v.report_id) v.report_id || ':' || v.version AS key, v.txt_record AS txt, v.csv_record AS csv
       FROM score_report_version v WHERE ${where} ORDER BY v.report_id, v.version DESC`,
    values,
  );
  return rows;
}

const snapOf = (xmin: string, xmax: string, xip: string[] | null): [string, string, string[]] => [xmin, xmax, xip ?? []];

/** The old loadBulkFile + definitionOf. */
async function oldStoredDefinition(db: pg.Client, fileId: string): Promise<OldDefinition> {
  const { rows } = await db.query(
    `SELECT f.organization_id::text AS org, f.type, f.snap_xmin::text AS xmin, f.snap_xmax::text AS xmax, f.snap_xip::text[] AS xip,
            f.range_start, f.range_end, f.created_at, b.snap_xmin::text AS bxmin, b.snap_xmax::text AS bxmax, b.snap_xip::text[] AS bxip
       FROM bulk_file f LEFT JOIN bulk_file b ON b.id = f.base_file_id WHERE f.id = $1::bigint`,
    [fileId],
  );
  const r = rows[0];
  const retention = retentionStart(r.created_at);
  return {
    orgId: r.org,
    type: r.type,
    snap: snapOf(r.xmin, r.xmax, r.xip),
    base: r.bxmin ? snapOf(r.bxmin, r.bxmax, r.bxip) : null,
    from: r.range_start && r.range_start > retention ? r.range_start : retention,
    until: r.type === "CUSTOM" ? r.range_end : null,
  };
}

async function oldLatestLogged(db: pg.Client, userId: string, orgId: string) {
  const { rows } = await db.query(
    `SELECT id::text, snap_xmin::text AS xmin, snap_xmax::text AS xmax, snap_xip::text[] AS xip FROM bulk_file
      WHERE user_id = $1::uuid AND organization_id = $2::uuid AND logged_at IS NOT NULL AND type IN ('FULL', 'INCREMENTAL')
      ORDER BY bulk_file.id DESC LIMIT 1`,
    [userId, orgId],
  );
  return rows[0] as { id: string; xmin: string; xmax: string; xip: string[] | null } | undefined;
}

/** The old createBulkFile's transaction. */
async function oldCreateFile(
  db: pg.Client,
  userId: string,
  orgId: string,
  type: OldFile["type"],
  format: OldFile["format"],
  range: { from: Date; until: Date } | null,
): Promise<OldFile> {
  const now = new Date();
  await db.query("BEGIN");
  await db.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`bulk:${userId}:${orgId}`]);
  const base = type === "INCREMENTAL" ? await oldLatestLogged(db, userId, orgId) : undefined;
  const { rows: s } = await db.query(
    `SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax, ARRAY(SELECT x::text FROM pg_snapshot_xip(s) x) AS xip FROM pg_current_snapshot() s`,
  );
  const rangeStart = range ? range.from : type === "FULL" || !base ? reportingYearStart(now) : null;
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO bulk_file (user_id, organization_id, channel, type, format, file_name, range_start, range_end, snap_xmin, snap_xmax, snap_xip, base_file_id, record_count, created_at)
     VALUES ($1::uuid, $2::uuid, 'PORTAL', $3::bulk_file_type, $4::file_format, 'f', $5, $6, $7::bigint, $8::bigint, $9::bigint[], $10::bigint, 0, $11) RETURNING id::text`,
    [userId, orgId, type, format, rangeStart, range?.until ?? null, s[0].xmin, s[0].xmax, s[0].xip, base?.id ?? null, now],
  );
  await db.query("COMMIT");
  return { id: rows[0]!.id, userId, orgId, type, format };
}

/** What the old engine's next "new" file (and the dashboard's count) would be now. */
async function oldNextNew(db: pg.Client, userId: string, orgId: string): Promise<{ rows: Row[]; count: number } | null> {
  const base = await oldLatestLogged(db, userId, orgId);
  if (!base) return null;
  const { rows: s } = await db.query(
    `SELECT pg_snapshot_xmin(s)::text AS xmin, pg_snapshot_xmax(s)::text AS xmax, ARRAY(SELECT x::text FROM pg_snapshot_xip(s) x) AS xip FROM pg_current_snapshot() s`,
  );
  const def: OldDefinition = {
    orgId,
    type: "INCREMENTAL",
    snap: snapOf(s[0].xmin, s[0].xmax, s[0].xip),
    base: snapOf(base.xmin, base.xmax, base.xip),
    from: retentionStart(),
    until: null,
  };
  const { rows: counted } = await db.query<{ n: number }>(
    `SELECT count(DISTINCT v.report_id)::int AS n FROM score_report_version v WHERE v.organization_id = $1::uuid AND v.released_at >= $2 AND ${notVisible("v.xid", 3)}`,
    [orgId, retentionStart(), base.xmin, base.xmax, base.xip ?? []],
  );
  return { rows: await oldRows(db, def), count: counted[0]!.n };
}

function txtBytes(rows: Row[]): string {
  return rows.map((r) => `${r.txt}\r\n`).join("");
}

function csvBytes(rows: Row[]): string {
  return `${csvHeaderLine()}\r\n${rows.map((r) => `${r.csv ?? txtLineToCsvRow(r.txt)}\r\n`).join("")}`;
}

// ───────────── the old world ─────────────

interface World {
  orgs: Array<{ id: string; code: string }>;
  users: string[];
  files: OldFile[];
  before: Map<string, { rows: Row[] }>;
  nextNew: Map<string, { rows: Row[]; count: number } | null>;
}

async function buildOldWorld(seed: number): Promise<World> {
  const rng = createRng(seed);
  const main = new pg.Client({ connectionString: dbUrl });
  await main.connect();
  const slowClients = await Promise.all(
    Array.from({ length: 3 }, async () => {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      return c;
    }),
  );
  try {
    const orgs: World["orgs"] = [];
    for (const code of ["9301", "9302"]) {
      const { rows } = await main.query<{ id: string }>(
        "INSERT INTO organization (id, kind, code, name, address_lines, updated_at) VALUES (gen_random_uuid(), 'COLLEGE', $1, $2, '{}', now()) RETURNING id::text",
        [code, `College ${code}`],
      );
      orgs.push({ id: rows[0]!.id, code });
    }
    const users: string[] = [];
    for (let i = 0; i < 4; i++) {
      const { rows } = await main.query<{ id: string }>(
        "INSERT INTO app_user (id, email, password_hash, first_name, last_name, organization_name, job_function, updated_at) VALUES (gen_random_uuid(), $1, 'x', 'M', 'U', 'X', 'Other', now()) RETURNING id::text",
        [`migrate${i}@example.edu`],
      );
      users.push(rows[0]!.id);
    }
    const now = Date.now();
    const yearStart = reportingYearStart().getTime();
    const retention = retentionStart().getTime();
    // Reports at both institutions; release times this year, last year, and before retention.
    const reports: Array<{ id: string; orgId: string; busy: boolean }> = [];
    for (let i = 0; i < 40; i++) {
      const org = orgs[i % 2]!;
      const record = createSampleRecord(rng);
      const { rows: st } = await main.query<{ id: string }>(
        "INSERT INTO student (id, ap_id, first_name, last_name, profile, updated_at) VALUES (gen_random_uuid(), $1, $2, $3, '{}', now()) RETURNING id::text",
        [`M${String(i).padStart(7, "0")}`, record.firstName, record.lastName],
      );
      const { rows } = await main.query<{ id: string }>(
        `INSERT INTO score_report (organization_id, student_id, ap_id, last_name, first_name, last_name_key, latest_version, latest_released_at, first_released_at)
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, 0, now(), now()) RETURNING id::text`,
        [org.id, st[0]!.id, `M${String(i).padStart(7, "0")}`, record.lastName, record.firstName, record.lastName.toLowerCase()],
      );
      reports.push({ id: rows[0]!.id, orgId: org.id, busy: false });
    }
    const releasedAt = (): Date => {
      const roll = rng.next();
      if (roll < 0.65) return new Date(yearStart + Math.floor(rng.next() * Math.max(DAY, now - yearStart - DAY)));
      if (roll < 0.9) return new Date(retention + Math.floor(rng.next() * (yearStart - retention)));
      return new Date(retention - 30 * DAY);
    };
    /** One release transaction's writes (the old release: claim the version, insert it; xid by default). */
    const releaseInto = async (db: pg.Client, chosen: typeof reports): Promise<void> => {
      for (const r of chosen) {
        const { rows } = await db.query<{ v: number }>(
          "UPDATE score_report SET latest_version = latest_version + 1 WHERE id = $1::bigint RETURNING latest_version AS v",
          [r.id],
        );
        const txt = toTxtRecord(createSampleRecord(rng));
        await db.query(
          "INSERT INTO score_report_version (report_id, organization_id, version, released_at, txt_record, csv_record, data) VALUES ($1::bigint, $2::uuid, $3, $4, $5, $6, '{}')",
          // Some rows from before CSV rows were stored rendered.
          [r.id, r.orgId, rows[0]!.v, releasedAt(), txt, rng.chance(0.3) ? null : txtLineToCsvRow(txt)],
        );
      }
    };
    const pick = (n: number) => {
      const free = reports.filter((r) => !r.busy);
      const chosen: typeof reports = [];
      for (let i = 0; i < n && free.length; i++) chosen.push(...free.splice(rng.int(0, free.length - 1), 1));
      return chosen;
    };

    const slow: Array<{ client: pg.Client; chosen: typeof reports } | null> = slowClients.map(() => null);
    const files: OldFile[] = [];
    for (let step = 0; step < 90; step++) {
      const roll = rng.next();
      if (roll < 0.3) {
        await main.query("BEGIN");
        await releaseInto(main, pick(1 + rng.int(0, 2)));
        await main.query("COMMIT");
      } else if (roll < 0.45) {
        // A release that starts now and commits (or fails) later, while files are being made.
        const at = rng.int(0, slow.length - 1);
        const open = slow[at];
        if (open) {
          await open.client.query(rng.chance(0.85) ? "COMMIT" : "ROLLBACK");
          for (const r of open.chosen) r.busy = false;
          slow[at] = null;
        } else {
          const chosen = pick(1 + rng.int(0, 1));
          for (const r of chosen) r.busy = true;
          await slowClients[at]!.query("BEGIN");
          await releaseInto(slowClients[at]!, chosen);
          slow[at] = { client: slowClients[at]!, chosen };
        }
      } else {
        const user = users[rng.int(0, users.length - 1)]!;
        const org = orgs[rng.int(0, orgs.length - 1)]!;
        const typeRoll = rng.next();
        const type = typeRoll < 0.6 ? "INCREMENTAL" : typeRoll < 0.9 ? "FULL" : "CUSTOM";
        const range = type === "CUSTOM" ? { from: new Date(retention + 10 * DAY), until: new Date(yearStart + 20 * DAY) } : null;
        const file = await oldCreateFile(main, user, org.id, type, rng.chance(0.7) ? "TXT" : "CSV", range);
        files.push(file);
        // Most files are logged (downloaded), some never are, some only after later files.
        if (rng.chance(0.7)) await main.query("UPDATE bulk_file SET logged_at = now() WHERE id = $1::bigint", [file.id]);
        if (rng.chance(0.1) && files.length > 2)
          await main.query("UPDATE bulk_file SET logged_at = COALESCE(logged_at, now()) WHERE id = $1::bigint", [files[files.length - 3]!.id]);
      }
    }
    // The migration runs with nothing in flight; releases after the last file are "new" for everyone.
    for (const open of slow) if (open) await open.client.query("COMMIT");
    await main.query("BEGIN");
    await releaseInto(main, pick(3));
    await main.query("COMMIT");

    const before = new Map<string, { rows: Row[] }>();
    for (const f of files) before.set(f.id, { rows: await oldRows(main, await oldStoredDefinition(main, f.id)) });
    const nextNew = new Map<string, { rows: Row[]; count: number } | null>();
    for (const u of users) for (const o of orgs) nextNew.set(`${u}/${o.id}`, await oldNextNew(main, u, o.id));
    return { orgs, users, files, before, nextNew };
  } finally {
    await main.end();
    await Promise.all(slowClients.map((c) => c.end()));
  }
}

let world: World;

beforeAll(async () => {
  adminUrl = inject("testDatabaseAdminUrl");
  dbName = `ap_test_migrate_${crypto.randomBytes(5).toString("hex")}`;
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  dbUrl = url.toString();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "release-sequence-migration-"));
  fs.mkdirSync(path.join(dir, "migrations"));
  fs.copyFileSync(path.join(ROOT, "prisma/migrations/migration_lock.toml"), path.join(dir, "migrations/migration_lock.toml"));
  const all = fs
    .readdirSync(path.join(ROOT, "prisma/migrations"))
    .filter((d) => /^\d{14}_/.test(d))
    .sort();
  expect(all).toContain(MIGRATION);
  for (const name of all.filter((d) => d < MIGRATION)) copyMigration(name);
  fs.writeFileSync(
    path.join(dir, "prisma.config.mjs"),
    `export default { schema: ${JSON.stringify(path.join(ROOT, "prisma/schema.prisma"))}, migrations: { path: "./migrations" }, datasource: { url: process.env.DATABASE_URL } };\n`,
  );
  // The old schema: every migration before the release sequence.
  deploy();
  world = await buildOldWorld(Number(process.env.MIGRATION_TEST_SEED ?? 12));
  // The release sequence and every migration after it.
  for (const name of all.filter((d) => d >= MIGRATION)) copyMigration(name);
  deploy();
  process.env.DATABASE_URL = dbUrl;
}, 240_000);

afterAll(async () => {
  const { closeDb } = await import("@/lib/db");
  await closeDb();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await admin.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the release-sequence migration", () => {
  it("built an old world worth migrating: files of every kind, incremental chains, late commits", () => {
    const kinds = new Set(world.files.map((f) => f.type));
    expect([...kinds].sort()).toEqual(["CUSTOM", "FULL", "INCREMENTAL"]);
    expect(world.files.length).toBeGreaterThan(25);
    const nonEmptyIncrementals = world.files.filter((f) => f.type === "INCREMENTAL" && world.before.get(f.id)!.rows.length > 0);
    expect(nonEmptyIncrementals.length).toBeGreaterThan(3);
    expect([...world.nextNew.values()].filter((n) => n && n.rows.length > 0).length).toBeGreaterThan(0);
  });

  it("every existing file streams exactly the bytes it did before", async () => {
    const { loadBulkFile } = await import("@/lib/bulk/queries");
    const { bulkFileChunks } = await import("@/lib/bulk/stream");
    const { fileVersionIdsQuery } = await import("@/lib/bulk/definition");
    const { pool } = await import("@/lib/db");
    for (const f of world.files) {
      const old = world.before.get(f.id)!.rows;
      const file = (await loadBulkFile(f.id))!;
      const ids = fileVersionIdsQuery(file.definition);
      const { rows } = await pool().query<{ report_id: string; version: number }>(ids.text, ids.values);
      expect(
        rows.map((r) => `${r.report_id}:${r.version}`),
        `file ${f.id} (${f.type})`,
      ).toEqual(old.map((r) => r.key));
      let bytes = "";
      for await (const chunk of bulkFileChunks(file.definition, f.format)) bytes += chunk.toString("latin1");
      expect(bytes, `file ${f.id} (${f.type} ${f.format})`).toBe(f.format === "TXT" ? txtBytes(old) : csvBytes(old));
    }
  });

  it("every user's next new file and new-report count are exactly what the old engine would have given", async () => {
    const { createBulkFile } = await import("@/lib/bulk/mutations");
    const { bulkStatus, loadBulkFile } = await import("@/lib/bulk/queries");
    const { bulkFileChunks } = await import("@/lib/bulk/stream");
    for (const [key, old] of world.nextNew) {
      const [userId, orgId] = key.split("/") as [string, string];
      const org = world.orgs.find((o) => o.id === orgId)!;
      const institution: AuthorizedInstitution = { id: orgId as AuthorizedOrganizationId, diCode: org.code, name: `College ${org.code}` };
      const status = await bulkStatus(userId, institution.id);
      const made = await createBulkFile({
        userId,
        institution,
        channel: "PORTAL",
        type: "INCREMENTAL",
        format: "TXT",
        withoutBase: "refuse",
        refuseEmpty: false,
      });
      if (!old) {
        expect(made.ok, key).toBe(false);
        expect(status.newCount).toBeNull();
        continue;
      }
      if (!made.ok) throw new Error(`${key}: ${made.message}`);
      expect(status.newCount, key).toBe(old.count);
      expect(made.file.recordCount, key).toBe(old.rows.length);
      const file = (await loadBulkFile(made.file.id))!;
      let bytes = "";
      for await (const chunk of bulkFileChunks(file.definition, "TXT")) bytes += chunk.toString("latin1");
      expect(bytes, key).toBe(txtBytes(old.rows));
    }
  });

  it("leaves the sequence consistent: positions unique, the counter at the top, a report's versions in order", async () => {
    const { pool } = await import("@/lib/db");
    const { rows } = await pool().query(
      `SELECT count(*)::int AS versions, count(DISTINCT position)::int AS positions, max(position)::int AS top,
              (SELECT last_position::int FROM release_sequence) AS counter,
              (SELECT count(*)::int FROM score_report_version a JOIN score_report_version b ON a.report_id = b.report_id AND a.version < b.version WHERE a.position > b.position) AS misordered
         FROM score_report_version`,
    );
    const { versions, ...rest } = rows[0];
    expect(versions).toBeGreaterThan(40);
    expect(rest).toEqual({ positions: versions, top: versions, counter: versions, misordered: 0 });
    const { rows: columns } = await pool().query(
      "SELECT column_name FROM information_schema.columns WHERE (table_name = 'score_report_version' AND column_name = 'xid') OR (table_name = 'bulk_file' AND column_name LIKE 'snap_%')",
    );
    expect(columns).toEqual([]);
  });
});
