import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db";
import type { ExamResult } from "@/lib/formats/record";
import { toTxtRecord } from "@/lib/formats/txt";
import { txtLineToCsvRow } from "@/lib/formats/csv";
import { AppError } from "@/lib/errors";
import { buildRecord, emptyProfile, type CollegeInfo, type StudentProfile } from "@/lib/reports/record";
import type { ReleaseInput } from "@/lib/reports/schema";
import { dispatchReleaseEvents, recordReleaseEvents } from "@/lib/webhooks/release-events";
import { kickDeliveriesAfterRelease } from "@/lib/sftp-delivery/jobs";
import { sequenceReleases } from "@/lib/bulk/sequence";
import { logger } from "@/lib/logger";

type Tx = Prisma.TransactionClient;

export interface ReleasedReport {
  diCode: string;
  apId: string;
  reportId: string;
  version: number;
  releasedAt: string;
}

function profileFromInput(student: ReleaseInput["student"], previous: StudentProfile | null): StudentProfile {
  const base = previous ?? emptyProfile();
  const addr = student.address;
  const hs = student.highSchool;
  const cityLine = (lines: string[], city?: string) => (city && lines.length < 3 ? [...lines, city] : lines);
  return {
    ...base,
    gender: student.gender,
    address: { lines: cityLine(addr.lines, addr.city), state: addr.state, zip: addr.zip, countryCode: addr.countryCode },
    educationLevel: student.educationLevel,
    expectedCollegeEntrance: student.expectedCollegeEntrance,
    studentSearch: student.studentSearch,
    bestLanguage: student.bestLanguage,
    sophomoreStanding: student.sophomoreStanding,
    highSchool: {
      aiCode: hs.aiCode,
      name: hs.name,
      contactName: hs.contactName,
      address: { lines: cityLine(hs.address.lines, hs.address.city), state: hs.address.state, zip: hs.address.zip.slice(0, 5) },
    },
    raceEthnicity: student.raceEthnicity ?? base.raceEthnicity,
    derivedAggregateRace: student.derivedAggregateRace || base.derivedAggregateRace,
  };
}

/**
 * Sends score reports to colleges: updates each student's cumulative record (exams and awards
 * are merged, never dropped) and releases a new version of the student's report at the
 * college. All reports of one call commit together or not at all.
 */
export async function releaseScoreReports(inputs: ReleaseInput[], now = new Date()): Promise<ReleasedReport[]> {
  const diCodes = [...new Set(inputs.map((i) => i.diCode))];
  const colleges = await prisma.organization.findMany({
    where: { kind: "COLLEGE", code: { in: diCodes } },
    select: { id: true, code: true, name: true, contactName: true, addressLines: true, city: true, state: true, zip: true },
  });
  const byCode = new Map(colleges.map((c) => [c.code, c]));
  inputs.forEach((input, index) => {
    if (!byCode.has(input.diCode)) {
      throw new AppError("BAD_REQUEST", `reports.${index}.diCode: no institution has DI code ${input.diCode}`, { field: `reports.${index}.diCode` });
    }
  });

  const { released, deliveryIds } = await prisma.$transaction(
    async (tx) => {
      const released: ReleasedReport[] = [];
      for (const input of inputs) released.push(await releaseOne(tx, input, byCode.get(input.diCode)!, now));
      // Webhook events commit with the release, so a crash right after cannot lose them.
      const deliveryIds = await recordReleaseEvents(tx, released, now);
      return { released, deliveryIds };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  // The versions committed without a position: give them theirs now, so the next "new" file
  // has them. A failure here loses nothing (the release is committed): the next file
  // generation or the worker's sweep sequences them, and "new" counts them meanwhile.
  await sequenceReleases().catch((error: unknown) => logger.error({ err: error }, "could not sequence released versions; the sweep will"));
  // Handing them to the job queue may fail; the sweeper then sends them (never throws).
  await dispatchReleaseEvents(deliveryIds);
  await kickDeliveriesAfterRelease(diCodes);
  return released;
}

async function releaseOne(tx: Tx, input: ReleaseInput, college: CollegeInfo & { id: string }, now: Date): Promise<ReleasedReport> {
  const s = input.student;
  const releasedAt = input.releasedAt ? new Date(input.releasedAt) : now;
  const existing = await tx.student.findUnique({ where: { apId: s.apId }, select: { profile: true } });
  const profile = profileFromInput(s, (existing?.profile as StudentProfile | undefined) ?? null);
  const identity = {
    firstName: s.firstName,
    lastName: s.lastName,
    middleInitial: s.middleInitial.toUpperCase(),
    dateOfBirth: new Date(`${s.dateOfBirth}T00:00:00Z`),
    email: s.email ?? null,
    profile: profile as unknown as Prisma.InputJsonObject,
  };
  const student = await tx.student.upsert({
    where: { apId: s.apId },
    create: { apId: s.apId, ...identity },
    update: identity,
    select: { id: true, updatedAt: true },
  });

  for (const exam of input.exams) {
    const data = {
      score: exam.score,
      irregularityCodes: exam.irregularityCodes,
      suppression: exam.suppression,
      classSection: exam.classSection,
      schoolCode: s.highSchool.aiCode,
    };
    await tx.exam.upsert({
      where: { studentId_adminYear_examCode: { studentId: student.id, adminYear: exam.adminYear, examCode: exam.examCode } },
      create: { studentId: student.id, adminYear: exam.adminYear, examCode: exam.examCode, ...data },
      update: data,
    });
  }
  for (const award of input.awards) {
    await tx.studentAward.upsert({
      where: { studentId_type_year: { studentId: student.id, type: award.type, year: award.year } },
      create: { studentId: student.id, type: award.type, year: award.year },
      update: {},
    });
  }
  const [exams, awards] = await Promise.all([
    tx.exam.findMany({ where: { studentId: student.id }, select: { adminYear: true, examCode: true, score: true, irregularityCodes: true, suppression: true, classSection: true } }),
    tx.studentAward.findMany({ where: { studentId: student.id }, select: { type: true, year: true } }),
  ]);
  if (exams.length > 30) {
    throw new AppError("BAD_REQUEST", `student ${s.apId} would have ${exams.length} exams; a report holds at most 30`, { field: "exams" });
  }

  // One statement both creates the report and claims the next version number, so two
  // concurrent releases for the same student can never take the same number.
  const [report] = await tx.$queryRaw<Array<{ id: bigint; latest_version: number; first_released_at: Date }>>`
    INSERT INTO score_report (organization_id, student_id, ap_id, last_name, first_name, middle_initial, date_of_birth, email,
                              last_name_key, email_key, latest_version, latest_released_at, first_released_at)
    VALUES (${college.id}::uuid, ${student.id}::uuid, ${s.apId}, ${s.lastName}, ${s.firstName}, ${identity.middleInitial},
            ${s.dateOfBirth}::date, ${identity.email}, ${s.lastName.toLowerCase()}, ${identity.email?.toLowerCase() ?? null}, 1, ${releasedAt}, ${releasedAt})
    ON CONFLICT (organization_id, student_id) DO UPDATE SET
      ap_id = EXCLUDED.ap_id, last_name = EXCLUDED.last_name, first_name = EXCLUDED.first_name,
      middle_initial = EXCLUDED.middle_initial, date_of_birth = EXCLUDED.date_of_birth, email = EXCLUDED.email,
      last_name_key = EXCLUDED.last_name_key, email_key = EXCLUDED.email_key,
      latest_version = score_report.latest_version + 1,
      latest_released_at = GREATEST(score_report.latest_released_at, EXCLUDED.latest_released_at)
    RETURNING id, latest_version, first_released_at`;
  if (!report) throw new Error("score_report upsert returned nothing");

  const record = buildRecord({
    identity: { apId: s.apId, firstName: s.firstName, lastName: s.lastName, middleInitial: identity.middleInitial, dateOfBirth: s.dateOfBirth },
    profile,
    exams: exams as ExamResult[],
    awards,
    college,
    firstReleasedAt: report.first_released_at,
    releasedAt,
    studentUpdatedAt: student.updatedAt,
  });
  const txtRecord = toTxtRecord(record);
  await tx.scoreReportVersion.create({
    data: {
      reportId: report.id,
      organizationId: college.id,
      version: report.latest_version,
      releasedAt,
      txtRecord,
      csvRecord: txtLineToCsvRow(txtRecord),
      data: record as unknown as Prisma.InputJsonObject,
    },
  });
  return { diCode: college.code, apId: s.apId, reportId: String(report.id), version: report.latest_version, releasedAt: releasedAt.toISOString() };
}
