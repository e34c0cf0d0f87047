import { beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { useTestDatabase } from "@/lib/test/db";
import { pool } from "@/lib/db";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { releaseScoreReports } from "@/lib/reports/release";
import { SAMPLE_STUDENT, makeCollege, makeUser, releaseInput } from "@/lib/test/factories";
import type { ReleaseInput } from "@/lib/reports/schema";
import { createBulkFile, logBulkFile, type CreateBulkFileArgs } from "@/lib/bulk/mutations";
import { bulkStatus, loadBulkFile } from "@/lib/bulk/queries";
import { bulkFileChunks } from "@/lib/bulk/stream";
import { parseTxtFile } from "@/lib/formats/txt";
import { csvHeaderLine, txtLineToCsvRow } from "@/lib/formats/csv";
import { reportingYearStart } from "@/lib/dates";

const database = useTestDatabase();

let institution: AuthorizedInstitution;
let other: AuthorizedInstitution;
let userA: string;
let userB: string;
let apCounter = 0;

function apId(): string {
  apCounter++;
  return `T${String(apCounter).padStart(7, "0")}`;
}

function report(diCode: string, id = apId(), score = 4, releasedAt?: Date): ReleaseInput {
  return releaseInput(diCode, { ...SAMPLE_STUDENT, apId: id, firstName: "Test", lastName: `Student${id.slice(-4)}` }, { score, releasedAt });
}

async function makeUserId(email: string): Promise<string> {
  return (await makeUser({ email, firstName: "A", lastName: "B" })).id;
}

function args(userId: string, type: CreateBulkFileArgs["type"], extra: Partial<CreateBulkFileArgs> = {}): CreateBulkFileArgs {
  return { userId, institution, channel: "PORTAL", type, format: "TXT", withoutBase: "refuse", refuseEmpty: false, ...extra };
}

async function fileText(id: string): Promise<string> {
  const file = await loadBulkFile(id);
  if (!file) throw new Error(`no file ${id}`);
  let text = "";
  for await (const chunk of bulkFileChunks(file.definition, file.format)) text += chunk;
  return text;
}

async function apIdsOf(id: string): Promise<string[]> {
  const ids: string[] = [];
  for (const line of parseTxtFile(await fileText(id))) {
    if (!line.ok) throw line.error;
    ids.push(line.record.apId);
  }
  return ids.sort();
}

/** Generates a file and logs it, as the portal does once it has served the whole file. */
async function download(userId: string, type: CreateBulkFileArgs["type"], extra: Partial<CreateBulkFileArgs> = {}) {
  const result = await createBulkFile(args(userId, type, extra));
  if (!result.ok) throw new Error(result.message);
  await logBulkFile(result.file.id, userId, null, "PORTAL");
  return result.file;
}

describe("bulk files", () => {
  beforeAll(async () => {
    institution = await makeCollege("9001");
    other = await makeCollege("9002");
    userA = await makeUserId("a@example.edu");
    userB = await makeUserId("b@example.edu");
    const yearStart = reportingYearStart();
    // Two reports from the previous reporting year, five from this one, one at another college.
    await releaseScoreReports([
      report("9001", apId(), 3, new Date(yearStart.getTime() - 30 * 86_400_000)),
      report("9001", apId(), 3, new Date(yearStart.getTime() - 60 * 86_400_000)),
    ]);
    await releaseScoreReports(Array.from({ length: 5 }, () => report("9001")));
    await releaseScoreReports([report("9002")]);
  });

  it("the full file holds this reporting year's reports of this institution only, one 950-character line each", async () => {
    const file = await download(userA, "FULL");
    expect(file.recordCount).toBe(5);
    const text = await fileText(file.id);
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(5);
    for (const line of lines) {
      expect(line).toHaveLength(950);
      expect(line.slice(375, 381)).toBe("009001");
    }
    expect(text.endsWith("\r\n")).toBe(true);
  });

  it("incremental is unavailable until the first full file", async () => {
    const result = await createBulkFile(args(userB, "INCREMENTAL"));
    expect(result).toMatchObject({ ok: false, reason: "no-base" });
    expect((await bulkStatus(userB, institution.id)).newCount).toBeNull();
  });

  it("the incremental file holds exactly the reports released since the last full or incremental file", async () => {
    const user = await makeUserId("inc@example.edu");
    await download(user, "FULL");
    expect((await bulkStatus(user, institution.id)).newCount).toBe(0);
    const fresh = [apId(), apId(), apId()];
    await releaseScoreReports(fresh.map((id) => report("9001", id)));
    expect((await bulkStatus(user, institution.id)).newCount).toBe(3);
    const inc = await download(user, "INCREMENTAL", { format: "CSV" });
    expect(inc.recordCount).toBe(3);
    // CSV and TXT share the watermark: after the CSV, nothing is new for TXT either.
    expect((await bulkStatus(user, institution.id)).newCount).toBe(0);
    const empty = await createBulkFile(args(user, "INCREMENTAL", { refuseEmpty: true }));
    expect(empty).toMatchObject({ ok: false, reason: "empty" });
  });

  it("a CSV has a header row and the same records as the TXT file, every value quoted", async () => {
    const user = await makeUserId("csv@example.edu");
    const txt = await download(user, "FULL");
    const csv = await download(user, "FULL", { format: "CSV" });
    const csvText = await fileText(csv.id);
    const rows = csvText.split("\r\n").filter(Boolean);
    expect(rows[0]).toBe(csvHeaderLine());
    expect(rows).toHaveLength(txt.recordCount + 1);
    expect(rows[1]!.startsWith('"')).toBe(true);
    // Each row is exactly its TXT line cut into columns.
    const txtLines = (await fileText(txt.id)).split("\r\n").filter(Boolean);
    expect(rows.slice(1)).toEqual(txtLines.map(txtLineToCsvRow));
  });

  it("rows stored before CSV rows were rendered at release are converted while streaming, byte for byte the same", async () => {
    const user = await makeUserId("legacy@example.edu");
    const file = await download(user, "FULL", { format: "CSV" });
    const stored = await fileText(file.id);
    const { rowCount } = await pool().query("UPDATE score_report_version SET csv_record = NULL WHERE organization_id = $1::uuid", [institution.id]);
    expect(rowCount).toBeGreaterThan(0);
    expect(await fileText(file.id)).toBe(stored);
  });

  it("an updated report comes again as its latest version, and an earlier year's report released before the file is not new", async () => {
    const user = await makeUserId("upd@example.edu");
    const id = apId();
    await releaseScoreReports([report("9001", id, 2)]);
    await download(user, "FULL");
    await releaseScoreReports([report("9001", id, 5)]);
    const inc = await download(user, "INCREMENTAL");
    const text = await fileText(inc.id);
    const lines = [...parseTxtFile(text)];
    expect(lines).toHaveLength(1);
    const only = lines[0]!;
    if (!only.ok) throw only.error;
    expect(only.record.apId).toBe(id);
    expect(only.record.exams[0]!.score).toBe(5);
  });

  it("custom ranges, other users' downloads and unlogged files never move the watermark", async () => {
    const user = await makeUserId("wm@example.edu");
    await download(user, "FULL");
    await releaseScoreReports([report("9001"), report("9001")]);
    expect((await bulkStatus(user, institution.id)).newCount).toBe(2);
    const today = new Date().toISOString().slice(0, 10);
    const custom = await download(user, "CUSTOM", { range: { start: "2026-07-01", end: today } });
    expect(custom.recordCount).toBeGreaterThan(0);
    await download(userB, "FULL");
    const unlogged = await createBulkFile(args(user, "INCREMENTAL"));
    expect(unlogged.ok).toBe(true);
    expect((await bulkStatus(user, institution.id)).newCount).toBe(2);
  });

  it("two incremental files generated before either is logged overlap rather than skip", async () => {
    const user = await makeUserId("overlap@example.edu");
    await download(user, "FULL");
    const first = [apId(), apId()];
    await releaseScoreReports(first.map((id) => report("9001", id)));
    const a = await createBulkFile(args(user, "INCREMENTAL"));
    const second = [apId()];
    await releaseScoreReports(second.map((id) => report("9001", id)));
    const b = await createBulkFile(args(user, "INCREMENTAL"));
    if (!a.ok || !b.ok) throw new Error("expected files");
    expect(await apIdsOf(a.file.id)).toEqual(first.sort());
    expect(await apIdsOf(b.file.id)).toEqual([...first, ...second].sort());
    // Logging the older file first, then the newer: the newer one is the watermark.
    await logBulkFile(a.file.id, user);
    await logBulkFile(b.file.id, user);
    expect((await bulkStatus(user, institution.id)).newCount).toBe(0);
  });

  it("downloading the same file again gives byte-identical content, even after new releases", async () => {
    const user = await makeUserId("same@example.edu");
    const file = await download(user, "FULL", { format: "CSV" });
    const before = await fileText(file.id);
    await releaseScoreReports([report("9001")]);
    expect(await fileText(file.id)).toBe(before);
  });

  it("a version released while a file is being made is in that file or the next incremental one, never in neither", async () => {
    const user = await makeUserId("race@example.edu");
    await download(user, "FULL");
    const id = apId();
    await releaseScoreReports([report("9001", id)]);
    const { rows } = await pool().query<{ report_id: string; organization_id: string; txt_record: string; data: unknown }>(
      "SELECT v.report_id::text, v.organization_id::text, v.txt_record, v.data FROM score_report_version v JOIN score_report r ON r.id = v.report_id WHERE r.ap_id = $1",
      [id],
    );
    const v1 = rows[0]!;
    await download(user, "INCREMENTAL");

    // A release whose transaction began first but commits after the next file's snapshot.
    const slow = new pg.Client({ connectionString: database().url });
    await slow.connect();
    await slow.query("BEGIN");
    await slow.query(
      "INSERT INTO score_report_version (report_id, organization_id, version, released_at, txt_record, data) VALUES ($1::bigint, $2::uuid, 2, now(), $3, $4::jsonb)",
      [v1.report_id, v1.organization_id, v1.txt_record, JSON.stringify(v1.data)],
    );
    // Its timestamp is older than the file's, yet it is not in the file: it was not committed.
    const during = await download(user, "INCREMENTAL");
    expect(during.recordCount).toBe(0);
    await slow.query("COMMIT");
    await slow.end();

    const after = await download(user, "INCREMENTAL");
    expect(await apIdsOf(after.id)).toEqual([id]);
  });

  it("never shows another institution's reports", async () => {
    const user = await makeUserId("iso@example.edu");
    const file = await download(user, "FULL", { institution: other });
    const lines = (await fileText(file.id)).split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.slice(375, 381)).toBe("009002");
  });

  it("rejects custom ranges that are reversed, in the future or before retention", async () => {
    await expect(createBulkFile(args(userA, "CUSTOM", { range: { start: "2026-09-01", end: "2026-08-01" } }))).rejects.toThrow(/on or before/);
    await expect(createBulkFile(args(userA, "CUSTOM", { range: { start: "2020-01-01", end: "2020-02-01" } }))).rejects.toThrow(/oldest/);
    await expect(createBulkFile(args(userA, "CUSTOM", { range: { start: "2999-01-01", end: "2999-01-02" } }))).rejects.toThrow(/future/);
  });

  it("logging is idempotent and refuses someone else's file", async () => {
    const result = await createBulkFile(args(userA, "FULL"));
    if (!result.ok) throw new Error("expected a file");
    const logged = { ok: true, organizationId: institution.id, recordCount: result.file.recordCount };
    expect(await logBulkFile(result.file.id, userA)).toEqual({ ...logged, alreadyLogged: false });
    expect(await logBulkFile(result.file.id, userA)).toEqual({ ...logged, alreadyLogged: true });
    expect(await logBulkFile(result.file.id, userB)).toEqual({ ok: false, reason: "not-yours" });
    expect(await logBulkFile("999999999", userA)).toEqual({ ok: false, reason: "not-found" });
  });

  it("a file and its log are each audited once, in the same statement: without the audit event, nothing changes", async () => {
    const userC = await makeUserId("c@example.edu");
    const events = async () =>
      (
        await pool().query<{ action: string; organization_id: string; record_count: number; details: Record<string, unknown> }>(
          "SELECT action, organization_id::text, record_count, details FROM audit_event WHERE actor_user_id = $1 ORDER BY id",
          [userC],
        )
      ).rows;
    const result = await createBulkFile(args(userC, "FULL", { ip: "203.0.113.9" }));
    if (!result.ok) throw new Error("expected a file");
    await logBulkFile(result.file.id, userC, null, "PORTAL");
    await logBulkFile(result.file.id, userC, null, "PORTAL");
    expect(await events()).toEqual([
      {
        action: "bulk-file.generated",
        organization_id: institution.id,
        record_count: result.file.recordCount,
        details: { downloadId: result.file.id, type: "FULL", format: "TXT", channel: "PORTAL" },
      },
      {
        action: "bulk-file.logged",
        organization_id: institution.id,
        record_count: result.file.recordCount,
        details: { downloadId: result.file.id, channel: "PORTAL" },
      },
    ]);

    // The audit log refuses this user's events: no file is recorded, and a file is not marked logged.
    const unlogged = await createBulkFile(args(userC, "FULL"));
    if (!unlogged.ok) throw new Error("expected a file");
    const files = async () => Number((await pool().query("SELECT count(*) FROM bulk_file WHERE user_id = $1", [userC])).rows[0].count);
    const before = await files();
    await pool().query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$`);
    await pool().query(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event FOR EACH ROW WHEN (NEW.actor_user_id = '${userC}') EXECUTE FUNCTION refuse_audit()`,
    );
    try {
      await expect(createBulkFile(args(userC, "FULL"))).rejects.toThrow(/audit refused/);
      await expect(logBulkFile(unlogged.file.id, userC)).rejects.toThrow(/audit refused/);
    } finally {
      await pool().query("DROP TRIGGER refuse_audit ON audit_event; DROP FUNCTION refuse_audit()");
    }
    expect(await files()).toBe(before);
    expect((await pool().query("SELECT logged_at FROM bulk_file WHERE id = $1", [unlogged.file.id])).rows[0].logged_at).toBeNull();
    expect(await logBulkFile(unlogged.file.id, userC)).toEqual({
      ok: true,
      alreadyLogged: false,
      organizationId: institution.id,
      recordCount: unlogged.file.recordCount,
    });
  });
});
