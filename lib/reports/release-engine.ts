import type pg from "pg";
import type { Award, ExamResult } from "@/lib/formats/record";
import { toTxtRecord } from "@/lib/formats/txt";
import { txtLineToCsvRow } from "@/lib/formats/csv";
import { AppError } from "@/lib/errors";
import { buildRecord, emptyProfile, type CollegeInfo, type StudentProfile } from "@/lib/reports/record";
import type { ReleaseInput } from "@/lib/reports/schema";
import { copyCsvLines, copyCsvRow } from "@/lib/pg-copy";

/**
 * The set-based release: a batch of reports costs a fixed number of statements whatever its
 * size (lock/create students, read the returning students' exams and awards, update their
 * identity, upsert exams, insert awards, upsert reports claiming their version numbers, COPY all
 * versions). Records are merged and rendered in memory between the reads and the writes. It runs
 * on a raw `pg` connection, not Prisma: a batch's parameters are megabytes of rendered records,
 * and the versions (the bulk of them) go in with COPY, the same way the benchmark's floor does.
 *
 * Exactness under concurrency: the first statement locks every student row of the batch in
 * AP ID order (creating the missing ones), so two batches sharing a student run one after the
 * other from there on, and a batch reads its students' exams and awards only after holding
 * their locks (READ COMMITTED reads the other batch's committed rows). One consistent lock order
 * keeps concurrent batches from deadlocking.
 */

/** A connection inside the caller's transaction (the batch is all or nothing with it). */
export type ReleaseClient = pg.ClientBase;
export type College = CollegeInfo & { id: string };

export interface ReleasedReport {
  diCode: string;
  apId: string;
  reportId: string;
  version: number;
  releasedAt: string;
}

export const MAX_EXAMS_PER_REPORT = 30;

export function profileFromInput(student: ReleaseInput["student"], previous: StudentProfile | null): StudentProfile {
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

/** The colleges the inputs go to, by DI code; an unknown DI code fails the batch, naming the report. */
export async function resolveColleges(client: Pick<pg.ClientBase, "query">, inputs: ReleaseInput[]): Promise<Map<string, College>> {
  const diCodes = [...new Set(inputs.map((i) => i.diCode))];
  const { rows: colleges } = await client.query<College>(
    `SELECT id::text AS id, code, name, contact_name AS "contactName", address_lines AS "addressLines", city, state, zip
       FROM organization WHERE kind = 'COLLEGE' AND code = ANY($1::text[])`,
    [diCodes],
  );
  const byCode = new Map(colleges.map((c) => [c.code, c]));
  inputs.forEach((input, index) => {
    if (!byCode.has(input.diCode)) {
      throw new AppError("BAD_REQUEST", `reports.${index}.diCode: no institution has DI code ${input.diCode}`, { field: `reports.${index}.diCode` });
    }
  });
  return byCode;
}

type StoredExam = ExamResult & { schoolCode: string };
const examKey = (adminYear: number, examCode: string) => `${adminYear}:${examCode}`;
const awardKey = (type: string, year: number) => `${type}:${year}`;
// Irregularity codes travel as one comma-joined string per exam (arrays of arrays cannot be unnested).
const joinCodes = (codes: string[]) => codes.join(",");

/** Releases `inputs` (already validated, colleges resolved) inside `tx`; returns them in input order. */
export async function releaseBatch(tx: ReleaseClient, inputs: ReleaseInput[], colleges: Map<string, College>, now: Date): Promise<ReleasedReport[]> {
  if (!inputs.length) return [];
  // The student's "last update" as the per-report path stamped it: the wall clock at the write.
  const touchedAt = new Date();
  const releasedAts = inputs.map((input) => (input.releasedAt ? new Date(input.releasedAt) : now));
  const lastByApId = new Map<string, ReleaseInput>();
  for (const input of inputs) lastByApId.set(input.student.apId, input);
  const apIds = [...lastByApId.keys()].sort();

  // A student new to the database is written once, in statement 1, with the profile its releases
  // in this batch add up to; only returning students need statement 4's update.
  const freshProfiles = new Map<string, StudentProfile>();
  for (const input of inputs) freshProfiles.set(input.student.apId, profileFromInput(input.student, freshProfiles.get(input.student.apId) ?? null));
  const identityArrays = (ids: string[]) => {
    const rows = ids.map((apId) => lastByApId.get(apId)!.student);
    return [
      rows.map((s) => s.firstName),
      rows.map((s) => s.lastName),
      rows.map((s) => s.middleInitial.toUpperCase()),
      rows.map((s) => s.dateOfBirth),
      rows.map((s) => s.email ?? null),
    ];
  };

  // 1. Lock every student of the batch in AP ID order, creating the missing ones. `xmax = 0`
  //    tells a row this statement inserted from one it found (ON CONFLICT locked and kept it).
  const { rows: locked } = await tx.query<{ id: string; ap_id: string; inserted: boolean; profile: StudentProfile | null }>({
    name: "release-lock-students",
    text: `INSERT INTO student (id, ap_id, first_name, last_name, middle_initial, date_of_birth, email, profile, created_at, updated_at)
     SELECT gen_random_uuid(), u.ap_id, u.first_name, u.last_name, u.middle_initial, u.date_of_birth::date, u.email, u.profile, $8::timestamptz, $8::timestamptz
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[]) AS u(ap_id, first_name, last_name, middle_initial, date_of_birth, email, profile)
      ORDER BY u.ap_id
     ON CONFLICT (ap_id) DO UPDATE SET ap_id = EXCLUDED.ap_id
     RETURNING id::text AS id, ap_id, (xmax = 0) AS inserted, profile`,
    values: [apIds, ...identityArrays(apIds), apIds.map((apId) => JSON.stringify(freshProfiles.get(apId))), touchedAt.toISOString()],
  });
  const studentIdOf = new Map(locked.map((row) => [row.ap_id, row.id]));
  // Merging starts from nothing for new students and from the stored profile for returning ones.
  const profiles = new Map(locked.map((row) => [row.ap_id, row.inserted ? null : row.profile]));
  const returning = locked.filter((row) => !row.inserted);
  const studentIds = apIds.map((apId) => studentIdOf.get(apId)!);

  // 2. The returning students' cumulative exams and awards as they stand, read under the locks
  //    (new students have none).
  const examsOf = new Map<string, Map<string, StoredExam>>(studentIds.map((id) => [id, new Map()]));
  const awardsOf = new Map<string, Map<string, Award>>(studentIds.map((id) => [id, new Map()]));
  if (returning.length) {
    const returningIds = returning.map((row) => row.id);
    const { rows: examRows } = await tx.query<StoredExam & { studentId: string }>(
      `SELECT student_id::text AS "studentId", admin_year AS "adminYear", exam_code AS "examCode", score,
              irregularity_codes AS "irregularityCodes", suppression, class_section AS "classSection", school_code AS "schoolCode"
         FROM exam WHERE student_id = ANY($1::uuid[])`,
      [returningIds],
    );
    const { rows: awardRows } = await tx.query<Award & { studentId: string }>(
      `SELECT student_id::text AS "studentId", type, year FROM student_award WHERE student_id = ANY($1::uuid[])`,
      [returningIds],
    );
    for (const { studentId, ...exam } of examRows) examsOf.get(studentId)!.set(examKey(exam.adminYear, exam.examCode), exam);
    for (const { studentId, type, year } of awardRows) awardsOf.get(studentId)!.set(awardKey(type, year), { type, year });
  }

  // 3. Merge in memory, report by report in batch order: each record is the cumulative state
  //    right after its own release, exactly as releasing them one at a time would make it.
  const examWrites = new Map<string, StoredExam & { studentId: string }>();
  const awardWrites = new Map<string, Award & { studentId: string }>();
  const perReport = inputs.map((input, index) => {
    const s = input.student;
    const studentId = studentIdOf.get(s.apId)!;
    const profile = profileFromInput(s, profiles.get(s.apId) ?? null);
    profiles.set(s.apId, profile);
    const exams = examsOf.get(studentId)!;
    for (const exam of input.exams) {
      const stored: StoredExam = {
        adminYear: exam.adminYear,
        examCode: exam.examCode,
        score: exam.score,
        irregularityCodes: exam.irregularityCodes,
        suppression: exam.suppression,
        classSection: exam.classSection,
        schoolCode: s.highSchool.aiCode,
      };
      const key = examKey(exam.adminYear, exam.examCode);
      exams.set(key, stored);
      examWrites.set(`${studentId}:${key}`, { ...stored, studentId });
    }
    if (exams.size > MAX_EXAMS_PER_REPORT) {
      throw new AppError(
        "BAD_REQUEST",
        `reports.${index}.exams: student ${s.apId} would have ${exams.size} exams; a report holds at most ${MAX_EXAMS_PER_REPORT}`,
        {
          field: `reports.${index}.exams`,
        },
      );
    }
    const awards = awardsOf.get(studentId)!;
    for (const award of input.awards) {
      const key = awardKey(award.type, award.year);
      awards.set(key, { type: award.type, year: award.year });
      awardWrites.set(`${studentId}:${key}`, { type: award.type, year: award.year, studentId });
    }
    const examSnapshot: ExamResult[] = [...exams.values()].map(({ schoolCode: _school, ...exam }) => exam);
    return { studentId, profile, exams: examSnapshot, awards: [...awards.values()] };
  });

  // 4. Returning students' identity and merged profile (the last release of each in the batch wins).
  if (returning.length) {
    const returningApIds = returning.map((row) => row.ap_id).sort();
    await tx.query({
      name: "release-update-students",
      text: `UPDATE student AS s SET first_name = u.first_name, last_name = u.last_name, middle_initial = u.middle_initial,
            date_of_birth = u.date_of_birth::date, email = u.email, profile = u.profile, updated_at = $8::timestamptz
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])
            AS u(id, first_name, last_name, middle_initial, date_of_birth, email, profile)
      WHERE s.id = u.id`,
      values: [
        returningApIds.map((apId) => studentIdOf.get(apId)!),
        ...identityArrays(returningApIds),
        returningApIds.map((apId) => JSON.stringify(profiles.get(apId))),
        touchedAt.toISOString(),
      ],
    });
  }

  // 5. Exams and awards: one upsert each, in key order.
  const exams = [...examWrites.values()].sort(
    (a, b) => a.studentId.localeCompare(b.studentId) || a.adminYear - b.adminYear || a.examCode.localeCompare(b.examCode),
  );
  if (exams.length) {
    await tx.query({
      name: "release-upsert-exams",
      text: `INSERT INTO exam (student_id, admin_year, exam_code, score, irregularity_codes, suppression, class_section, school_code)
     SELECT u.student_id, u.admin_year, u.exam_code, u.score, COALESCE(string_to_array(NULLIF(u.codes, ''), ','), '{}'), u.suppression, u.class_section, u.school_code
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[])
            WITH ORDINALITY AS u(student_id, admin_year, exam_code, score, codes, suppression, class_section, school_code, n)
      ORDER BY u.n
     ON CONFLICT (student_id, admin_year, exam_code) DO UPDATE SET score = EXCLUDED.score, irregularity_codes = EXCLUDED.irregularity_codes,
        suppression = EXCLUDED.suppression, class_section = EXCLUDED.class_section, school_code = EXCLUDED.school_code`,
      values: [
        exams.map((e) => e.studentId),
        exams.map((e) => e.adminYear),
        exams.map((e) => e.examCode),
        exams.map((e) => e.score),
        exams.map((e) => joinCodes(e.irregularityCodes)),
        exams.map((e) => e.suppression),
        exams.map((e) => e.classSection),
        exams.map((e) => e.schoolCode),
      ],
    });
  }
  if (awardWrites.size) {
    const awards = [...awardWrites.values()];
    await tx.query({
      name: "release-insert-awards",
      text: `INSERT INTO student_award (student_id, type, year)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[]) ON CONFLICT (student_id, type, year) DO NOTHING`,
      values: [awards.map((a) => a.studentId), awards.map((a) => a.type), awards.map((a) => a.year)],
    });
  }

  // 6. Reports: one row per (college, student) with the number of releases it gets in this
  //    batch; the upsert adds that number to latest_version, which claims the version numbers
  //    (latest - n + 1 … latest) in the same statement that locks the report row.
  interface ReportGroup {
    college: College;
    studentId: string;
    last: number;
    count: number;
    firstAt: Date;
    latestAt: Date;
  }
  const groups = new Map<string, ReportGroup>();
  const groupOf = inputs.map((input, index) => {
    const college = colleges.get(input.diCode)!;
    const studentId = perReport[index]!.studentId;
    const key = `${college.id}:${studentId}`;
    const group = groups.get(key);
    const at = releasedAts[index]!;
    if (!group) groups.set(key, { college, studentId, last: index, count: 1, firstAt: at, latestAt: at });
    else {
      group.last = index;
      group.count += 1;
      if (at > group.latestAt) group.latestAt = at;
    }
    return { key, ordinal: group ? group.count : 1 };
  });
  const reportRows = [...groups.values()].sort((a, b) => a.college.id.localeCompare(b.college.id) || a.studentId.localeCompare(b.studentId));
  const lastStudent = (g: ReportGroup) => inputs[g.last]!.student;
  const { rows: reports } = await tx.query<{ id: string; organization_id: string; student_id: string; latest_version: number; first_released_at: Date }>({
    name: "release-upsert-reports",
    text: `INSERT INTO score_report (organization_id, student_id, ap_id, last_name, first_name, middle_initial, date_of_birth, email,
                               last_name_key, email_key, latest_version, latest_released_at, first_released_at)
     SELECT u.organization_id, u.student_id, u.ap_id, u.last_name, u.first_name, u.middle_initial, u.date_of_birth::date, u.email,
            lower(u.last_name), lower(u.email), u.n, u.latest_at, u.first_at
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[], $10::timestamptz[], $11::timestamptz[])
            WITH ORDINALITY AS u(organization_id, student_id, ap_id, last_name, first_name, middle_initial, date_of_birth, email, n, latest_at, first_at, ord)
      ORDER BY u.ord
     ON CONFLICT (organization_id, student_id) DO UPDATE SET
       ap_id = EXCLUDED.ap_id, last_name = EXCLUDED.last_name, first_name = EXCLUDED.first_name,
       middle_initial = EXCLUDED.middle_initial, date_of_birth = EXCLUDED.date_of_birth, email = EXCLUDED.email,
       last_name_key = EXCLUDED.last_name_key, email_key = EXCLUDED.email_key,
       latest_version = score_report.latest_version + EXCLUDED.latest_version,
       latest_released_at = GREATEST(score_report.latest_released_at, EXCLUDED.latest_released_at)
     RETURNING id::text AS id, organization_id::text AS organization_id, student_id::text AS student_id, latest_version, first_released_at`,
    values: [
      reportRows.map((g) => g.college.id),
      reportRows.map((g) => g.studentId),
      reportRows.map((g) => lastStudent(g).apId),
      reportRows.map((g) => lastStudent(g).lastName),
      reportRows.map((g) => lastStudent(g).firstName),
      reportRows.map((g) => lastStudent(g).middleInitial.toUpperCase()),
      reportRows.map((g) => lastStudent(g).dateOfBirth),
      reportRows.map((g) => lastStudent(g).email ?? null),
      reportRows.map((g) => g.count),
      reportRows.map((g) => g.latestAt.toISOString()),
      reportRows.map((g) => g.firstAt.toISOString()),
    ],
  });
  const reportOf = new Map(reports.map((r) => [`${r.organization_id}:${r.student_id}`, r]));

  // 7. Every version with one COPY, in batch order, each record rendered as its row is sent: ids
  //    ascend with version numbers, which the release sequence (lib/bulk/sequence.ts) numbers by
  //    id after the commit; versions go in with no position.
  const released = inputs.map((input, index): ReleasedReport => {
    const { key, ordinal } = groupOf[index]!;
    const group = groups.get(key)!;
    const report = reportOf.get(key)!;
    return {
      diCode: input.diCode,
      apId: input.student.apId,
      reportId: report.id,
      version: report.latest_version - group.count + ordinal,
      releasedAt: releasedAts[index]!.toISOString(),
    };
  });
  function* versionRows(): Generator<string> {
    for (const [index, input] of inputs.entries()) {
      const s = input.student;
      const group = groups.get(groupOf[index]!.key)!;
      const report = reportOf.get(groupOf[index]!.key)!;
      const merged = perReport[index]!;
      const record = buildRecord({
        identity: { apId: s.apId, firstName: s.firstName, lastName: s.lastName, middleInitial: s.middleInitial.toUpperCase(), dateOfBirth: s.dateOfBirth },
        profile: merged.profile,
        exams: merged.exams,
        awards: merged.awards,
        college: group.college,
        firstReleasedAt: report.first_released_at,
        releasedAt: releasedAts[index]!,
        studentUpdatedAt: touchedAt,
      });
      const txtRecord = toTxtRecord(record);
      const r = released[index]!;
      yield copyCsvRow([r.reportId, group.college.id, r.version, r.releasedAt, txtRecord, txtLineToCsvRow(txtRecord), JSON.stringify(record)]);
    }
  }
  await copyCsvLines(
    tx,
    "COPY score_report_version (report_id, organization_id, version, released_at, txt_record, csv_record, data) FROM STDIN WITH (FORMAT csv)",
    versionRows(),
  );
  return released;
}
