import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import { loadScoreReports } from "@/lib/reports/mutations";
import { parseScoreReportsBody, parseTxtUpload } from "@/lib/reports/schema";
import type { AdminActor } from "@/lib/audit";
import { AppError } from "@/lib/errors";
import { toTxtFile, toTxtRecord } from "@/lib/formats/txt";
import { sampleRecords } from "@/prisma/factories/records";
import { EXAM_CODES } from "@/lib/formats/codes";
import type { StudentRecord } from "@/lib/formats/record";

useTestDatabase();

const actor: AdminActor = { type: "admin-token", userId: null, label: "test token", tokenId: null, ip: "192.0.2.1" };

beforeAll(async () => {
  await prisma.organization.createMany({
    data: [
      { kind: "COLLEGE", code: "5818", name: "Example University", addressLines: ["100 Example Plaza"], city: "New York", state: "NY", zip: "10023" },
      { kind: "COLLEGE", code: "4866", name: "Northern Test College", addressLines: [], city: "Duluth", state: "MN", zip: "55812" },
    ],
  });
});

const reportCount = () => prisma.scoreReport.count();
const versionCount = () => prisma.scoreReportVersion.count();

function records(count: number, seed: number): StudentRecord[] {
  return sampleRecords(count, seed, { reportYear: 2025 });
}

describe("TXT upload", () => {
  it("loads every record of a good file to the URL's DI code and audits the count", async () => {
    const file = toTxtFile(records(3, 11));
    const parsed = parseTxtUpload(file, "4866");
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.lineNumbers).toEqual([1, 2, 3]);
    const released = await loadScoreReports(parsed.inputs, actor, "txt");
    expect(released).toHaveLength(3);
    expect(released.every((r) => r.diCode === "4866" && r.version === 1)).toBe(true);
    const stored = await prisma.scoreReportVersion.findFirstOrThrow({ where: { reportId: BigInt(released[0]!.reportId) } });
    expect(stored.txtRecord).toHaveLength(950);
    expect(stored.txtRecord.slice(375, 381)).toBe("004866");
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "admin.score-reports.loaded" }, orderBy: { id: "desc" } });
    expect(event.recordCount).toBe(3);
  });

  it("without a DI code in the URL, uses the college code written in each record", async () => {
    const parsed = parseTxtUpload(toTxtFile(records(2, 12)), null);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.inputs.map((i) => i.diCode)).toEqual(["5818", "5818"]);
  });

  it("reports a malformed line with its number and yields nothing to load", async () => {
    const lines = records(4, 13).map(toTxtRecord);
    // Line 3: a score of 7 in exam slot 1 (position 543).
    lines[2] = lines[2]!.slice(0, 542) + "7" + lines[2]!.slice(543);
    // Line 4: cut short.
    lines[3] = lines[3]!.slice(0, 900);
    const before = await reportCount();
    const parsed = parseTxtUpload(lines.join("\r\n") + "\r\n", "5818");
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.lineNumber)).toEqual([3, 4]);
    expect(parsed.problems[0]!.message).toMatch(/score 1-5/);
    expect(parsed.problems[1]!.message).toMatch(/900 characters/);
    expect(await reportCount()).toBe(before);
  });

  it("reports a line whose values break the score-data rules (unknown exam code) by number", () => {
    const lines = records(2, 14).map(toTxtRecord);
    // Exam 1 code at positions 541-542: "99" is not an AP exam.
    lines[1] = lines[1]!.slice(0, 540) + "99" + lines[1]!.slice(542);
    const parsed = parseTxtUpload(lines.join("\n"), "5818");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems).toEqual([{ lineNumber: 2, message: "exams.0.examCode: is not a known AP exam code" }]);
  });

  it("refuses an empty file", () => {
    const parsed = parseTxtUpload("\r\n\r\n", "5818");
    expect(parsed).toMatchObject({ ok: false, problems: [{ lineNumber: 0 }] });
  });

  it("loads nothing when a record fails inside the release, and names its line", async () => {
    const [a, b] = records(2, 15);
    // Line 2 goes to a DI code no institution has: found only when releasing.
    b!.college = { ...b!.college, diCode: "9999" };
    const parsed = parseTxtUpload(toTxtFile([a!, b!]), null);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const before = [await reportCount(), await versionCount()];
    const error = await loadScoreReports(parsed.inputs, actor, "txt", (i) => `line ${parsed.lineNumbers[i]}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/^Line 2: diCode: no institution has DI code 9999/);
    expect([await reportCount(), await versionCount()]).toEqual(before);
  });
});

describe("JSON score reports", () => {
  const report = (apId: string, examCode = "66", adminYear = 2025) => ({
    diCode: "5818",
    student: { apId, firstName: "Ada", lastName: "Lovelace", dateOfBirth: "2007-12-10" },
    exams: [{ adminYear, examCode, score: 5 }],
  });

  it("names the field of a single report as sent, and of a batch with its index", () => {
    const single = (() => {
      try {
        parseScoreReportsBody({ ...report("ABCD1234"), exams: [{ adminYear: 2025, examCode: "66", score: 6 }] });
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(single?.details.field).toBe("exams.0.score");
    const batch = (() => {
      try {
        parseScoreReportsBody({ reports: [report("ABCD1234"), { ...report("abc") }] });
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(batch?.details.field).toBe("reports.1.student.apId");
  });

  it("rolls back the whole batch when one report fails midway (more than 30 exams)", async () => {
    const codes = Object.keys(EXAM_CODES);
    const big = { ...report("MANY0030"), exams: codes.slice(0, 25).map((examCode) => ({ adminYear: 2024, examCode, score: 3 })) };
    const more = { ...report("MANY0030"), exams: codes.slice(0, 10).map((examCode) => ({ adminYear: 2025, examCode, score: 4 })) };
    const before = [await reportCount(), await versionCount(), await prisma.student.count()];
    const inputs = parseScoreReportsBody({ reports: [report("GOOD0001"), big, more] });
    await expect(loadScoreReports(inputs, actor, "json")).rejects.toThrow(/at most 30/);
    expect([await reportCount(), await versionCount(), await prisma.student.count()]).toEqual(before);
  });

  it("re-sending a student releases a new version", async () => {
    const [first] = await loadScoreReports(parseScoreReportsBody(report("AGAIN001")), actor, "json");
    const [second] = await loadScoreReports(parseScoreReportsBody(report("AGAIN001", "68")), actor, "json");
    expect(second!.reportId).toBe(first!.reportId);
    expect(second!.version).toBe(2);
  });
});
