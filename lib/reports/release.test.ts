import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { EXAM_CODES } from "@/lib/formats/codes";
import type { StudentRecord } from "@/lib/formats/record";
import { releaseScoreReports } from "@/lib/reports/release";
import type { StudentProfile } from "@/lib/reports/record";
import { ReleaseInputSchema, type ReleaseInput } from "@/lib/reports/schema";

useTestDatabase();

beforeAll(async () => {
  await prisma.organization.createMany({
    data: [
      { kind: "COLLEGE", code: "5818", name: "Example University", addressLines: ["100 Example Plaza"], city: "New York", state: "NY", zip: "10023" },
      { kind: "COLLEGE", code: "4866", name: "Northern Test College", addressLines: [], city: "Duluth", state: "MN", zip: "55812" },
    ],
  });
});

const CODES = Object.keys(EXAM_CODES);

function input(apId: string, exams: Array<[number, string, number]>, extra: Record<string, unknown> = {}): ReleaseInput {
  return ReleaseInputSchema.parse({
    diCode: "5818",
    student: { apId, firstName: "Ada", lastName: "Lovelace", dateOfBirth: "2007-12-10" },
    exams: exams.map(([adminYear, examCode, score]) => ({ adminYear, examCode, score })),
    ...extra,
  });
}

async function versionsOf(apId: string, diCode = "5818") {
  const rows = await prisma.scoreReportVersion.findMany({
    where: { report: { apId, organization: { code: diCode } } },
    orderBy: { version: "asc" },
    select: { version: true, data: true, txtRecord: true },
  });
  return rows.map((r) => ({ version: r.version, record: r.data as unknown as StudentRecord, txt: r.txtRecord }));
}

const examsIn = (record: StudentRecord) => record.exams.map((e) => `${e.adminYear}:${e.examCode}:${e.score}`);

async function counts() {
  return [
    await prisma.student.count(),
    await prisma.exam.count(),
    await prisma.studentAward.count(),
    await prisma.scoreReport.count(),
    await prisma.scoreReportVersion.count(),
    await prisma.webhookDelivery.count(),
  ];
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the release to fail");
}

describe("set-based release", () => {
  it("two releases of one student in one batch get consecutive versions, each record cumulative up to itself", async () => {
    const released = await releaseScoreReports([
      input("DUPE0001", [[2024, "66", 3]], { awards: [{ type: "01", year: 2024 }] }),
      input("OTHER001", [[2025, "68", 4]]),
      input(
        "DUPE0001",
        [
          [2025, "68", 5],
          [2024, "66", 4],
        ],
        { student: { apId: "DUPE0001", firstName: "Ada", lastName: "Byron", dateOfBirth: "2007-12-10" } },
      ),
    ]);
    expect(released.map((r) => [r.apId, r.version])).toEqual([
      ["DUPE0001", 1],
      ["OTHER001", 1],
      ["DUPE0001", 2],
    ]);
    expect(released[0]!.reportId).toBe(released[2]!.reportId);

    const [first, second] = await versionsOf("DUPE0001");
    expect(examsIn(first!.record)).toEqual(["2024:66:3"]);
    // The later release overrides the 2024 score and merges the earlier award.
    expect(examsIn(second!.record)).toEqual(["2024:66:4", "2025:68:5"]);
    expect(second!.record.awards).toEqual([{ type: "01", year: 2024 }]);
    expect(first!.record.lastName).toBe("Lovelace");
    expect(second!.record.lastName).toBe("Byron");
    expect(second!.txt).toHaveLength(950);

    // Sequenced right after the commit, in version order.
    const positions = await prisma.scoreReportVersion.findMany({
      where: { report: { apId: "DUPE0001" } },
      orderBy: { version: "asc" },
      select: { position: true },
    });
    expect(positions.every((p) => p.position !== null)).toBe(true);
    expect(positions[0]!.position! < positions[1]!.position!).toBe(true);

    const report = await prisma.scoreReport.findFirstOrThrow({ where: { apId: "DUPE0001" } });
    expect([report.latestVersion, report.lastName]).toEqual([2, "Byron"]);
    const student = await prisma.student.findUniqueOrThrow({ where: { apId: "DUPE0001" }, include: { exams: true } });
    expect(student.lastName).toBe("Byron");
    expect(student.exams.map((e) => `${e.adminYear}:${e.examCode}:${e.score}`).sort()).toEqual(["2024:66:4", "2025:68:5"]);
  });

  it("a later batch merges the exams and awards already on file, at every college the student is sent to", async () => {
    await releaseScoreReports([input("MERGE001", [[2024, "13", 2]], { awards: [{ type: "02", year: 2024 }] })]);
    const [again] = await releaseScoreReports([input("MERGE001", [[2025, "14", 5]], { diCode: "4866" })]);
    expect(again!.version).toBe(1);
    const [atOther] = await versionsOf("MERGE001", "4866");
    expect(examsIn(atOther!.record)).toEqual(["2024:13:2", "2025:14:5"]);
    expect(atOther!.record.awards).toEqual([{ type: "02", year: 2024 }]);
    expect(atOther!.record.college.diCode).toBe("4866");
  });

  it("a new student sent twice in one batch is stored with the merged profile, and a later batch updates it", async () => {
    const race = [true, false, false, false, false, false, false, false, false, false, true];
    const address = (line: string) => ({ lines: [line], state: "NY", zip: "10001" });
    await releaseScoreReports([
      input("PROF0001", [[2024, "66", 3]], {
        student: { apId: "PROF0001", firstName: "Ada", lastName: "Lovelace", dateOfBirth: "2007-12-10", raceEthnicity: race, address: address("1 First St") },
      }),
      input("PROF0001", [[2025, "68", 4]], {
        diCode: "4866",
        student: { apId: "PROF0001", firstName: "Ada", lastName: "Lovelace", dateOfBirth: "2007-12-10", address: address("2 Second St") },
      }),
    ]);
    const stored = async () => (await prisma.student.findUniqueOrThrow({ where: { apId: "PROF0001" } })).profile as unknown as StudentProfile;
    // The race answers come from the first release (the second has none), the address from the last.
    expect((await stored()).raceEthnicity).toEqual(race);
    expect((await stored()).address.lines).toEqual(["2 Second St"]);

    await releaseScoreReports([
      input("PROF0001", [[2025, "13", 5]], {
        student: { apId: "PROF0001", firstName: "Ada", lastName: "King", dateOfBirth: "2007-12-10", address: address("3 Third St") },
      }),
    ]);
    const student = await prisma.student.findUniqueOrThrow({ where: { apId: "PROF0001" } });
    expect(student.lastName).toBe("King");
    expect((await stored()).address.lines).toEqual(["3 Third St"]);
    expect((await stored()).raceEthnicity).toEqual(race);
    const [latest] = (await versionsOf("PROF0001")).slice(-1);
    expect(examsIn(latest!.record)).toEqual(["2024:66:3", "2025:13:5", "2025:68:4"]);
  });

  it("concurrent batches on the same students never take the same version number and lose no exam", async () => {
    const students = ["CONC0001", "CONC0002", "CONC0003", "CONC0004"];
    const rounds = 6;
    const batches = Array.from({ length: rounds }, (_, round) => {
      // Each batch lists the students in a different order, so lock order is the engine's business.
      const order = round % 2 ? [...students].reverse() : students;
      return order.map((apId) => input(apId, [[2000 + round, CODES[round]!, 3]]));
    });
    await Promise.all(batches.map((batch) => releaseScoreReports(batch)));
    for (const apId of students) {
      const versions = await versionsOf(apId);
      expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
      // Each version holds one exam more than the one before: nothing was merged from a stale read.
      expect(versions.map((v) => v.record.exams.length)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  it("refuses a report that would take the student past 30 exams, naming its index, and rolls back the whole batch", async () => {
    await releaseScoreReports([
      input(
        "LIMIT030",
        CODES.slice(0, 25).map((code) => [2024, code, 3] as [number, string, number]),
      ),
    ]);
    const before = await counts();
    const error = await failure(
      releaseScoreReports([
        input("LIMITOK1", [[2025, "66", 4]], { awards: [{ type: "01", year: 2025 }] }),
        input(
          "LIMIT030",
          CODES.slice(0, 5).map((code) => [2025, code, 4] as [number, string, number]),
        ),
        input(
          "LIMIT030",
          CODES.slice(5, 7).map((code) => [2025, code, 4] as [number, string, number]),
        ),
      ]),
    );
    expect(error.details.field).toBe("reports.2.exams");
    expect(error.message).toMatch(/LIMIT030 would have 32 exams; a report holds at most 30/);
    expect(await counts()).toEqual(before);
    expect(await prisma.student.findUnique({ where: { apId: "LIMITOK1" } })).toBeNull();
  });

  it("an unknown DI code fails the batch before anything is written, naming the report", async () => {
    const before = await counts();
    const error = await failure(releaseScoreReports([input("ROLLBK01", [[2025, "66", 4]]), input("ROLLBK02", [[2025, "66", 4]], { diCode: "9999" })]));
    expect(error.details.field).toBe("reports.1.diCode");
    expect(await counts()).toEqual(before);
  });

  it("a database failure in the last statement rolls back students, exams, reports and versions together", async () => {
    const [first] = await releaseScoreReports([input("ROLLBK03", [[2024, "66", 3]])]);
    // A stray row already holding version 2 makes the version insert (the batch's last write) fail.
    const stray = await prisma.scoreReportVersion.findFirstOrThrow({ where: { reportId: BigInt(first!.reportId) } });
    await prisma.scoreReportVersion.create({
      data: {
        reportId: stray.reportId,
        organizationId: stray.organizationId,
        version: 2,
        releasedAt: stray.releasedAt,
        txtRecord: stray.txtRecord,
        data: stray.data as object,
      },
    });
    const before = await counts();
    await expect(
      releaseScoreReports([input("ROLLBK04", [[2025, "68", 4]], { awards: [{ type: "01", year: 2025 }] }), input("ROLLBK03", [[2025, "68", 5]])]),
    ).rejects.toThrow();
    expect(await counts()).toEqual(before);
    const report = await prisma.scoreReport.findFirstOrThrow({ where: { apId: "ROLLBK03" } });
    expect(report.latestVersion).toBe(1);
    expect(await prisma.exam.count({ where: { student: { apId: "ROLLBK03" } } })).toBe(1);
  });
});
