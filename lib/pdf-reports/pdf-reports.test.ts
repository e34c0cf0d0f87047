import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { makeCollege, makeUser } from "@/lib/test/factories";
import { pool, prisma } from "@/lib/db";
import type { AuthorizedInstitution } from "@/lib/auth/gate";
import { releaseScoreReports } from "@/lib/reports/release";
import { ReleaseInputSchema } from "@/lib/reports/schema";
import { zonedIsoDate, addDays, reportingYearStart, retentionStart } from "@/lib/dates";
import { buildLookup, countNewPdfReports, prefixRange, lookupPdfReports, rangeBounds, type PdfViewer } from "@/lib/pdf-reports/queries";
import { downloadPdfReports } from "@/lib/pdf-reports/mutations";
import { bulkStatus } from "@/lib/bulk/queries";
import { createBulkFile, logBulkFile } from "@/lib/bulk/mutations";
import {
  DownloadRequestSchema,
  LookupQuerySchema,
  MAX_PDF_SELECTION,
  PAGE_SIZE,
  lookupOf,
  refinementOf,
  type Lookup,
  type Refinement,
} from "@/lib/pdf-reports/schema";

useTestDatabase();

const DAY = 86_400_000;
const now = new Date();
const firstLogin = new Date(now.getTime() - 10 * DAY);
const before = new Date(now.getTime() - 20 * DAY).toISOString();
const after = new Date(now.getTime() - 5 * DAY).toISOString();

let uni: AuthorizedInstitution;
let other: AuthorizedInstitution;
let alice: PdfViewer;
let bob: PdfViewer;
let carol: PdfViewer; // enrolled at the other institution

const refine = (r: Partial<Refinement> = {}): Refinement => ({ q: "", status: null, sort: "lastName", dir: "asc", page: 1, ...r });
const byName = (lookup: Lookup, viewer = alice, r: Partial<Refinement> = {}) => lookupPdfReports(viewer, lookup, refine(r));
const lastName = (value: string): Lookup => ({ kind: "criteria", field: "lastName", value });

async function org(code: string, name: string): Promise<AuthorizedInstitution> {
  return makeCollege(code, { name, addressLines: ["1 Main St"] });
}

async function member(email: string, institution: AuthorizedInstitution, visited: Date | null): Promise<PdfViewer> {
  const user = await makeUser({ email });
  await prisma.membership.create({
    data: {
      userId: user.id,
      organizationId: institution.id,
      role: "HED_ADMIN",
      position: "APOSRD HED Admin",
      dashboardVisitedAt: visited,
      createdAt: firstLogin,
    },
  });
  return { organizationId: institution.id, userId: user.id };
}

async function release(diCode: string, apId: string, last: string, first: string, releasedAt: string, extra: Record<string, unknown> = {}) {
  const input = ReleaseInputSchema.parse({
    diCode,
    student: { apId, firstName: first, lastName: last, dateOfBirth: "2006-04-05", email: `${apId.toLowerCase()}@students.example.com`, ...extra },
    exams: [{ adminYear: 2026, examCode: "66", score: 4 }],
    releasedAt,
  });
  const [r] = await releaseScoreReports([input]);
  return r!.reportId;
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  uni = await org("5818", "Example University");
  other = await org("4866", "Northern Test College");
  alice = await member("alice@example.edu", uni, firstLogin);
  bob = await member("bob@example.edu", uni, firstLogin);
  carol = await member("carol@example.edu", other, firstLogin);
  ids.old = await release("5818", "OLD00001", "Pdfstatus", "Olga", before);
  ids.fresh = await release("5818", "NEW00001", "Pdfstatus", "Nina", after);
  ids.smith = await release("5818", "SMI00001", "Smith", "Sam", before, { dateOfBirth: "2005-01-02", email: "Sam.Smith@Mail.example.com" });
  ids.smithson = await release("5818", "SMI00002", "Smithson", "Sue", before);
  ids.otherSmith = await release("4866", "SMI00003", "Smith", "Oscar", before, { dateOfBirth: "2005-01-02", email: "oscar@mail.example.com" });
});

describe("status: New / Not Downloaded / Previously Downloaded", () => {
  it("classifies by first login, per user, and makes an updated student New again", async () => {
    const statusOf = async (viewer: PdfViewer) =>
      Object.fromEntries((await byName(lastName("pdfstatus"), viewer)).rows.map((r) => [r.firstName, [r.status, r.downloadedAt]]));

    expect(await statusOf(alice)).toEqual({ Olga: ["not-downloaded", null], Nina: ["new", null] });

    const downloaded = await downloadPdfReports(uni, alice.userId, [ids.old!, ids.fresh!], { now });
    expect(downloaded.ok).toBe(true);
    const afterDownload = await statusOf(alice);
    expect(afterDownload.Olga?.[0]).toBe("downloaded");
    expect(afterDownload.Nina?.[0]).toBe("downloaded");
    expect((afterDownload.Olga?.[1] as Date).getTime()).toBe(now.getTime());
    // The colleague's view is untouched.
    expect(await statusOf(bob)).toEqual({ Olga: ["not-downloaded", null], Nina: ["new", null] });

    await release("5818", "OLD00001", "Pdfstatus", "Olga", new Date().toISOString(), { middleInitial: "Q" });
    const afterUpdate = await statusOf(alice);
    expect(afterUpdate.Olga?.[0]).toBe("new");
    expect(afterUpdate.Olga?.[1]).not.toBeNull(); // the last download date is still shown
    expect(afterUpdate.Nina?.[0]).toBe("downloaded");
    // Downloading the new version makes it Previously Downloaded again.
    await downloadPdfReports(uni, alice.userId, [ids.old!]);
    expect((await statusOf(alice)).Olga?.[0]).toBe("downloaded");
  });

  it("falls back to the enrollment date when the dashboard was never visited", async () => {
    const dave = await member("dave@example.edu", uni, null);
    const rows = (await byName(lastName("pdfstatus"), dave)).rows;
    expect(Object.fromEntries(rows.map((r) => [r.firstName, r.status]))).toEqual({ Olga: "new", Nina: "new" });
    const smith = (await byName(lastName("smith"), dave)).rows.find((r) => r.firstName === "Sam");
    expect(smith?.status).toBe("not-downloaded");
  });

  it("counts and lists New reports for the New Student Reports option", async () => {
    const eve = await member("eve@example.edu", uni, firstLogin);
    const before = await countNewPdfReports(eve);
    const listed = await byName({ kind: "new" }, eve);
    expect(listed.total).toBe(before);
    expect(listed.rows.every((r) => r.status === "new")).toBe(true);
    await downloadPdfReports(uni, eve.userId, [listed.rows[0]!.id]);
    expect(await countNewPdfReports(eve)).toBe(before - 1);
  });
});

describe("lookups", () => {
  it("finds last names by exact match or prefix, case-insensitively", async () => {
    expect((await byName(lastName("SMITH"))).rows.map((r) => r.lastName)).toEqual(["Smith", "Smithson"]);
    expect((await byName(lastName("smithson"))).rows.map((r) => r.apId)).toEqual(["SMI00002"]);
    expect((await byName(lastName("smith%"))).total).toBe(0); // wildcards are literal
  });

  it("finds by date of birth and by email (exact, case-insensitive)", async () => {
    const dob = await byName({ kind: "criteria", field: "dateOfBirth", value: "2005-01-02" });
    expect(dob.rows.map((r) => r.apId)).toEqual(["SMI00001"]);
    const email = await byName({ kind: "criteria", field: "email", value: "sam.smith@mail.EXAMPLE.com" });
    expect(email.rows.map((r) => r.apId)).toEqual(["SMI00001"]);
  });

  it("refines by first name or AP ID, filters by status, sorts", async () => {
    expect((await byName(lastName("smith"), alice, { q: "su" })).rows.map((r) => r.firstName)).toEqual(["Sue"]);
    expect((await byName(lastName("smith"), alice, { q: "smi00001" })).rows.map((r) => r.firstName)).toEqual(["Sam"]);
    const desc = await byName({ kind: "all" }, alice, { sort: "apId", dir: "desc" });
    const apIds = desc.rows.map((r) => r.apId);
    expect(apIds).toEqual([...apIds].sort().reverse());
    // By name, not All: Olga's release (20 days ago) falls before July 1 early in a reporting year.
    const downloaded = await byName(lastName("pdfstatus"), alice, { status: "downloaded" });
    expect(downloaded.rows.map((r) => r.firstName).sort()).toEqual(["Nina", "Olga"]);
    expect(downloaded.byStatus.downloaded).toBe(2);
  });

  it("pages large result sets", async () => {
    const inputs = Array.from({ length: PAGE_SIZE + 5 }, (_, i) =>
      ReleaseInputSchema.parse({
        diCode: "5818",
        student: { apId: `PG${String(i).padStart(6, "0")}`, firstName: `F${i}`, lastName: "Pager", dateOfBirth: "2006-01-01" },
        exams: [{ adminYear: 2026, examCode: "90", score: 3 }],
        releasedAt: before,
      }),
    );
    await releaseScoreReports(inputs);
    const first = await byName(lastName("pager"), alice, { sort: "apId" });
    const second = await byName(lastName("pager"), alice, { sort: "apId", page: 2 });
    expect(first.total).toBe(PAGE_SIZE + 5);
    expect(first.pageCount).toBe(2);
    expect(first.rows).toHaveLength(PAGE_SIZE);
    expect(second.rows.map((r) => r.apId)).toEqual(inputs.slice(PAGE_SIZE).map((i) => i.student.apId));
    // A page past the end (an old link, a shrunken result) shows the last page, and the audit
    // event records the page shown.
    const past = await byName(lastName("pager"), alice, { sort: "apId", page: 9 });
    expect(past).toMatchObject({ page: 2, pageCount: 2, total: PAGE_SIZE + 5 });
    expect(past.rows.map((r) => r.apId)).toEqual(second.rows.map((r) => r.apId));
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "pdf.lookup", actorUserId: alice.userId }, orderBy: { id: "desc" } });
    expect(event).toMatchObject({ recordCount: PAGE_SIZE + 5, details: { page: 2, sort: "apId", lookup: { value: "pager" } } });
    // Nothing in a status: the counts still come back, with no rows.
    const none = await byName(lastName("pager"), alice, { status: "downloaded", page: 3 });
    expect(none).toMatchObject({ rows: [], total: 0, page: 1, pageCount: 1, byStatus: { downloaded: 0 } });
    expect(none.byStatus.new + none.byStatus["not-downloaded"]).toBe(PAGE_SIZE + 5);
  });

  it("custom ranges must lie between the retention start and today", async () => {
    const { earliest, today } = rangeBounds();
    const inRange = await byName({ kind: "range", start: zonedIsoDate(new Date(after)), end: today });
    expect(inRange.rows.map((r) => r.firstName)).toContain("Nina");
    expect(inRange.rows.map((r) => r.firstName)).not.toContain("Sam");
    await expect(byName({ kind: "range", start: addDays(earliest, -1), end: today })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      details: { field: "start" },
    });
    await expect(byName({ kind: "range", start: earliest, end: addDays(today, 1) })).rejects.toMatchObject({ code: "BAD_REQUEST", details: { field: "end" } });
  });

  it("All Student Reports covers the current reporting year; a custom range still reaches the year before", async () => {
    const yearStart = reportingYearStart(now);
    const lastYear = new Date(retentionStart(now).getTime() + 2 * DAY).toISOString();
    await release("5818", "ALL00001", "Allwindow", "Current", yearStart.toISOString());
    await release("5818", "ALL00002", "Allwindow", "Previous", lastYear);
    const all = await byName({ kind: "all" }, alice, { q: "Allwindow" });
    expect(all.rows.map((r) => r.firstName)).toEqual(["Current"]);
    const range = await byName({ kind: "range", start: rangeBounds().earliest, end: rangeBounds().today }, alice, { q: "Allwindow" });
    expect(range.rows.map((r) => r.firstName).sort()).toEqual(["Current", "Previous"]);
  });

  it("turns a last-name prefix into an index range that keeps every match", () => {
    expect(prefixRange("smith")).toEqual({ from: "smith", to: "smiti" });
    expect(prefixRange("testcase-thirtyone")).toEqual({ from: "testcase", to: "testcasf" });
    expect(prefixRange("liz")).toEqual({ from: "liz", to: "lj" });
    expect(prefixRange("zz")).toEqual({ from: "zz", to: null });
    expect(prefixRange("a9")).toEqual({ from: "a9", to: "aa" });
    expect(prefixRange("'t hooft")).toBeNull();
  });

  it("seeks the (organization_id, …) indexes for each criterion", async () => {
    // Enough rows that the planner's choice means something.
    await pool().query(
      `
      WITH s AS (
        INSERT INTO student (id, ap_id, first_name, last_name, profile, updated_at)
        SELECT gen_random_uuid(), 'X' || lpad(g::text, 7, '0'), 'First', 'Bulk' || g, '{}', now() FROM generate_series(1, 20000) g
        RETURNING id, ap_id, last_name)
      INSERT INTO score_report (organization_id, student_id, ap_id, last_name, first_name, date_of_birth, email, last_name_key, email_key, latest_released_at, first_released_at)
      SELECT $1::uuid, s.id, s.ap_id, s.last_name, 'First', DATE '2000-01-01' + (random() * 3000)::int, lower(s.ap_id) || '@x.example', lower(s.last_name), lower(s.ap_id) || '@x.example', now(), now() FROM s`,
      [uni.id],
    );
    await pool().query("ANALYZE score_report");
    const cases: Array<[Lookup, RegExp]> = [
      [lastName("Testcase-Thirtyone"), /Index Cond: .*last_name_key >=/],
      [lastName("bulk1234"), /Index Cond: .*last_name_key >=/],
      [{ kind: "criteria", field: "email", value: "x0000001@x.example" }, /Index Cond: .*email_key =/],
      [{ kind: "criteria", field: "dateOfBirth", value: "2005-01-02" }, /Index Cond: .*date_of_birth =/],
    ];
    for (const [lookup, expected] of cases) {
      const built = buildLookup(alice, lookup, { q: "" }, now);
      const plan = (await pool().query(`EXPLAIN ${built.sql}`, built.params)).rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n");
      expect(plan, plan).not.toMatch(/Seq Scan on score_report/);
      expect(plan, plan).toMatch(expected);
    }
    expect((await byName(lastName("bulk1234"))).rows.map((r) => r.lastName).sort()).toEqual(
      ["Bulk1234", "Bulk12340", "Bulk12341", "Bulk12342", "Bulk12343", "Bulk12344", "Bulk12345", "Bulk12346", "Bulk12347", "Bulk12348", "Bulk12349"].sort(),
    );
  });
});

describe("tenant isolation", () => {
  it("never shows another institution's students, whatever the query", async () => {
    for (const lookup of [lastName("smith"), { kind: "all" }, { kind: "criteria", field: "email", value: "oscar@mail.example.com" }] as Lookup[]) {
      const result = await byName(lookup);
      expect(result.rows.map((r) => r.apId)).not.toContain("SMI00003");
    }
    const carolSees = await byName(lastName("smith"), carol);
    expect(carolSees.rows.map((r) => r.apId)).toEqual(["SMI00003"]);
  });

  it("refuses another institution's report ids and records nothing", async () => {
    const beforeCount = await prisma.pdfDownload.count();
    const refused = await downloadPdfReports(uni, alice.userId, [ids.smith!, ids.otherSmith!]);
    expect(refused).toMatchObject({ ok: false, reason: "not-found" });
    expect(await prisma.pdfDownload.count()).toBe(beforeCount);
  });
});

describe("the 100-student cap", () => {
  it("is enforced by the request schema and by the mutation", async () => {
    const tooMany = Array.from({ length: MAX_PDF_SELECTION + 1 }, (_, i) => String(i + 1));
    const parsed = DownloadRequestSchema.safeParse({ reportIds: tooMany });
    expect(parsed.success).toBe(false);
    expect(DownloadRequestSchema.safeParse({ reportIds: tooMany.slice(0, MAX_PDF_SELECTION) }).success).toBe(true);
    const beforeCount = await prisma.pdfDownload.count();
    expect(await downloadPdfReports(uni, alice.userId, tooMany)).toMatchObject({ ok: false, reason: "too-many" });
    expect(await prisma.pdfDownload.count()).toBe(beforeCount);
  });
});

describe("query-string validation", () => {
  const parse = (q: Record<string, string>) => LookupQuerySchema.safeParse(q);
  it("takes exactly one criterion", () => {
    expect(parse({ lastName: "Smith", email: "a@b.co" }).success).toBe(false);
    expect(parse({ dateOfBirth: "2006-02-30" }).success).toBe(false);
    expect(parse({ email: "not-an-email" }).success).toBe(false);
    const ok = parse({ lastName: " Smith ", dateOfBirth: "", email: "" });
    expect(ok.success && lookupOf(ok.data)).toEqual({ kind: "criteria", field: "lastName", value: "Smith" });
    const empty = parse({ lastName: "", dateOfBirth: "", email: "" });
    expect(empty.success && lookupOf(empty.data)).toBeNull();
  });
  it("validates custom ranges and refinements", () => {
    expect(parse({ option: "custom", start: "2026-01-10", end: "2026-01-01" }).success).toBe(false);
    expect(parse({ option: "custom", start: "2026-01-10" }).success).toBe(false);
    expect(parse({ option: "all", sort: "password" }).success).toBe(false);
    expect(parse({ option: "all", page: "-1" }).success).toBe(false);
    // An untouched "All statuses" select sends status="".
    const blank = parse({ option: "all", q: "", status: "" });
    expect(blank.success && refinementOf(blank.data)).toEqual({ q: "", status: null, sort: "lastName", dir: "asc", page: 1 });
    const ok = parse({ option: "all", status: "new", sort: "apId", dir: "desc", page: "2" });
    expect(ok.success && refinementOf(ok.data)).toEqual({ q: "", status: "new", sort: "apId", dir: "desc", page: 2 });
  });
});

describe("audit and bulk separation", () => {
  it("audits lookups and downloads with counts, and never creates bulk files", async () => {
    const frank = await member("frank@example.edu", uni, firstLogin);
    const found = await byName(lastName("smith"), frank);
    const lookupEvent = await prisma.auditEvent.findFirstOrThrow({ where: { action: "pdf.lookup", actorUserId: frank.userId } });
    expect(lookupEvent).toMatchObject({ organizationId: uni.id, recordCount: found.total });
    expect(lookupEvent.details).toMatchObject({ lookup: { kind: "criteria", field: "lastName", value: "smith" } });

    const result = await downloadPdfReports(
      uni,
      frank.userId,
      found.rows.map((r) => r.id),
    );
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.fileName).toMatch(/^AP_5818_\d{14}_reports\.pdf$/);
      expect(result.reports.map((r) => r.record.apId)).toEqual(["SMI00001", "SMI00002"]);
    }
    const downloadEvent = await prisma.auditEvent.findFirstOrThrow({ where: { action: "pdf.downloaded", actorUserId: frank.userId } });
    expect(downloadEvent).toMatchObject({ organizationId: uni.id, recordCount: 2 });
    expect(await prisma.pdfDownload.count({ where: { userId: frank.userId } })).toBe(2);
    expect(await prisma.bulkFile.count()).toBe(0);
  });
});

describe("the lookup and its record are one statement", () => {
  it("shows nothing when its audit event cannot be stored", async () => {
    const hal = await member("hal@example.edu", uni, firstLogin);
    await pool().query(`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$`);
    await pool().query(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_event FOR EACH ROW WHEN (NEW.actor_user_id = '${hal.userId}') EXECUTE FUNCTION refuse_audit()`,
    );
    try {
      await expect(byName(lastName("smith"), hal)).rejects.toThrow(/audit refused/);
    } finally {
      await pool().query("DROP TRIGGER refuse_audit ON audit_event; DROP FUNCTION refuse_audit()");
    }
    // The same lookup by the same user, once its record can be stored.
    expect((await byName(lastName("smith"), hal)).total).toBe(2);
    expect(await prisma.auditEvent.count({ where: { action: "pdf.lookup", actorUserId: hal.userId } })).toBe(1);
  });
});

describe("bulk files are independent of PDF downloads", () => {
  it("leaves the bulk incremental count unchanged", async () => {
    const gina = await member("gina@example.edu", uni, firstLogin);
    const full = await createBulkFile({
      userId: gina.userId,
      institution: uni,
      channel: "PORTAL",
      type: "FULL",
      format: "TXT",
      withoutBase: "refuse",
      refuseEmpty: false,
    });
    expect(full.ok).toBe(true);
    if (full.ok) await logBulkFile(full.file.id, gina.userId, null, "PORTAL");
    await release("5818", "BLK00001", "Bulkpdf", "Bea", new Date().toISOString());
    const before = await bulkStatus(gina.userId, gina.organizationId);
    expect(before.newCount).toBe(1);
    const bulkFilesBefore = await prisma.bulkFile.count();

    const found = await byName(lastName("bulkpdf"), gina);
    expect(
      (
        await downloadPdfReports(
          uni,
          gina.userId,
          found.rows.map((r) => r.id),
        )
      ).ok,
    ).toBe(true);

    expect((await bulkStatus(gina.userId, gina.organizationId)).newCount).toBe(1);
    expect(await prisma.bulkFile.count()).toBe(bulkFilesBefore);
  });
});
