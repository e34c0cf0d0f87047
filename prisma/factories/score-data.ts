/**
 * Synthetic score data loaded with COPY: the demo data and the benchmarks' large volumes.
 * The same seed and reference time give the same students, scores and release times.
 */
import type pg from "pg";
import { createRng, createSampleRecord, type Rng } from "@/prisma/factories/records";
import type { StudentRecord } from "@/lib/formats/record";
import { toTxtRecord } from "@/lib/formats/txt";
import { txtLineToCsvRow } from "@/lib/formats/csv";
import { buildRecord, type CollegeInfo, type StudentProfile } from "@/lib/reports/record";
import { reportingYearStart, retentionStart } from "@/lib/dates";
import { reservePositions } from "@/lib/bulk/sequence";
import { copyCsvLines, copyCsvRow as row } from "@/lib/pg-copy";

export interface TargetInstitution extends CollegeInfo {
  id: string;
  /** How many students' reports this institution receives. */
  students: number;
}

export interface GenerateOptions {
  seed: number;
  /** Release times are spread between the retention start and this instant. */
  now: Date;
  /** Share of reports released in the current reporting year (the rest in the previous one). */
  currentYearShare?: number;
  /** Share of reports that get a second version (a later update to the student's record). */
  updatedShare?: number;
  /** Students that also send their scores to another of the target institutions. */
  sharedStudentShare?: number;
  /** Store the structured JSON beside the TXT line (default true; off only for huge lookup-only loads). */
  withJson?: boolean;
  /** Fixed students to include first (e.g. the documented demo student), keyed by institution code. */
  fixedStudents?: Array<{ institutionCode: string; record: StudentRecord; releasedAt: Date }>;
  /** AP IDs already in use (e.g. by earlier calls loading one big dataset in chunks); new ones are added to it. */
  takenApIds?: Set<string>;
  onProgress?: (done: number, total: number) => void;
}

export interface GenerateResult {
  students: number;
  reports: number;
  versions: number;
}

function pgArray(items: string[]): string {
  return `{${items.map((i) => `"${i}"`).join(",")}}`;
}

function uuidFrom(rng: Rng): string {
  const hex = rng.chars("0123456789abcdef", 32).split("");
  hex[12] = "4";
  hex[16] = "89ab"[rng.int(0, 3)]!;
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function profileOf(record: StudentRecord): StudentProfile {
  const {
    apId: _apId,
    lastName: _l,
    firstName: _f,
    middleInitial: _m,
    dateOfBirth: _d,
    exams: _e,
    awards: _a,
    college: _c,
    dateGradesReleased: _g,
    dateLastStudentUpdate: _u,
    dateOfReport: _r,
    ...profile
  } = record;
  return profile;
}

interface PlannedStudent {
  id: string;
  /** Fixed students go only where they are sent. */
  fixed: boolean;
  record: StudentRecord;
  email: string;
  sends: Array<{ institution: TargetInstitution; releasedAt: Date; updatedAt: Date | null }>;
}

const APID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/**
 * Creates the students, exams, awards, reports and versions for the target institutions. Runs
 * inside the caller's transaction: the versions take their release-sequence positions with
 * them (lib/bulk/sequence.ts), and the sequence stays locked until the caller commits.
 */
export async function generateScoreData(client: pg.PoolClient | pg.Client, targets: TargetInstitution[], options: GenerateOptions): Promise<GenerateResult> {
  const rng = createRng(options.seed);
  const now = options.now;
  const yearStart = reportingYearStart(now).getTime();
  const retention = retentionStart(now).getTime();
  const latest = now.getTime() - 60 * 60 * 1000;
  const currentShare = options.currentYearShare ?? 0.6;
  const updatedShare = options.updatedShare ?? 0.1;
  const sharedShare = options.sharedStudentShare ?? 0.05;
  const withJson = options.withJson ?? true;

  const releaseTime = (): number => {
    const inCurrent = rng.chance(currentShare) && latest > yearStart;
    const [from, to] = inCurrent ? [yearStart, latest] : [retention, Math.min(yearStart, latest)];
    return from + Math.floor(rng.next() * Math.max(1, to - from));
  };

  // Plan every student first: ids and AP IDs must be unique and known before COPY.
  const apIds = options.takenApIds ?? new Set<string>();
  const students: PlannedStudent[] = [];
  for (const fixed of options.fixedStudents ?? []) {
    const institution = targets.find((t) => t.code === fixed.institutionCode);
    if (!institution) continue;
    apIds.add(fixed.record.apId);
    students.push({
      id: uuidFrom(rng),
      fixed: true,
      record: fixed.record,
      email: `${fixed.record.firstName}.${fixed.record.lastName}@students.example.com`.toLowerCase(),
      sends: [{ institution, releasedAt: fixed.releasedAt, updatedAt: null }],
    });
  }
  for (const institution of targets) {
    const already = students.filter((s) => s.sends.some((x) => x.institution === institution)).length;
    for (let i = already; i < institution.students; i++) {
      const shared =
        i > 0 && rng.chance(sharedShare) ? students.find((s) => !s.fixed && !s.sends.some((x) => x.institution === institution) && rng.chance(0.5)) : undefined;
      const released = releaseTime();
      const updatedAt = rng.chance(updatedShare) ? Math.min(latest, released + rng.int(1, 60) * 86_400_000) : null;
      const send = { institution, releasedAt: new Date(released), updatedAt: updatedAt !== null && updatedAt > released ? new Date(updatedAt) : null };
      if (shared) {
        shared.sends.push(send);
        continue;
      }
      const record = createSampleRecord(rng, { reportYear: new Date(released).getUTCFullYear() });
      let apId = record.apId;
      while (apIds.has(apId)) apId = rng.chars(APID_ALPHABET, 8);
      apIds.add(apId);
      record.apId = apId;
      students.push({
        id: uuidFrom(rng),
        fixed: false,
        record,
        email: `${record.firstName}.${record.lastName}.${apId.slice(0, 4)}@students.example.com`.toLowerCase(),
        sends: [send],
      });
    }
  }

  const totalSends = students.reduce((n, s) => n + s.sends.length, 0);
  const { rows: seqRows } = await client.query<{ last: string }>(
    "SELECT setval(pg_get_serial_sequence('score_report', 'id'), nextval(pg_get_serial_sequence('score_report', 'id')) + $1 - 1) AS last",
    [totalSends],
  );
  let nextReportId = BigInt(seqRows[0]!.last) - BigInt(totalSends) + 1n;

  const copy = (sql: string, lines: () => Generator<string>) => copyCsvLines(client, sql, lines());

  await copy(
    "COPY student (id, ap_id, first_name, last_name, middle_initial, date_of_birth, email, profile, created_at, updated_at) FROM STDIN WITH (FORMAT csv)",
    function* () {
      for (const s of students) {
        const r = s.record;
        const created = s.sends[0]!.releasedAt.toISOString();
        yield row([s.id, r.apId, r.firstName, r.lastName, r.middleInitial, r.dateOfBirth, s.email, JSON.stringify(profileOf(r)), created, created]);
      }
    },
  );

  await copy(
    "COPY exam (student_id, admin_year, exam_code, score, irregularity_codes, suppression, class_section, school_code) FROM STDIN WITH (FORMAT csv)",
    function* () {
      for (const s of students) {
        for (const e of s.record.exams) {
          yield row([s.id, e.adminYear, e.examCode, e.score, pgArray(e.irregularityCodes), e.suppression, e.classSection, s.record.highSchool.aiCode]);
        }
      }
    },
  );

  await copy("COPY student_award (student_id, type, year) FROM STDIN WITH (FORMAT csv)", function* () {
    for (const s of students) for (const a of s.record.awards) yield row([s.id, a.type, a.year]);
  });

  // Reports and their versions: ids assigned from the reserved block, in the same order twice.
  const reportRows: Array<{ id: bigint; student: PlannedStudent; send: PlannedStudent["sends"][number] }> = [];
  for (const s of students) for (const send of s.sends) reportRows.push({ id: nextReportId++, student: s, send });

  await copy(
    "COPY score_report (id, organization_id, student_id, ap_id, last_name, first_name, middle_initial, date_of_birth, email, last_name_key, email_key, latest_version, latest_released_at, first_released_at) FROM STDIN WITH (FORMAT csv)",
    function* () {
      for (const { id, student: s, send } of reportRows) {
        const r = s.record;
        const latestAt = send.updatedAt ?? send.releasedAt;
        yield row([
          String(id),
          send.institution.id,
          s.id,
          r.apId,
          r.lastName,
          r.firstName,
          r.middleInitial,
          r.dateOfBirth,
          s.email,
          r.lastName.toLowerCase(),
          s.email,
          send.updatedAt ? 2 : 1,
          latestAt.toISOString(),
          send.releasedAt.toISOString(),
        ]);
      }
    },
  );

  // Positions written with the rows, in the order they are inserted (a report's update after
  // its first version), rather than rewriting every row afterwards.
  const versionCount = reportRows.reduce((n, r) => n + (r.send.updatedAt ? 2 : 1), 0);
  let nextPosition = await reservePositions(client, versionCount);
  let versions = 0;
  let done = 0;
  await copy(
    "COPY score_report_version (report_id, organization_id, version, released_at, txt_record, csv_record, data, position) FROM STDIN WITH (FORMAT csv)",
    function* () {
      for (const { id, student: s, send } of reportRows) {
        const r = s.record;
        const identity = { apId: r.apId, firstName: r.firstName, lastName: r.lastName, middleInitial: r.middleInitial, dateOfBirth: r.dateOfBirth };
        const profile = profileOf(r);
        const releases: Array<{ at: Date; exams: StudentRecord["exams"] }> = [{ at: send.releasedAt, exams: r.exams }];
        if (send.updatedAt) {
          // The update: a score that was not yet available arrives, or an irregularity is cleared.
          const exams = r.exams.map((e, i) => (i === 0 ? { ...e, irregularityCodes: [], score: e.score ?? 3 } : e));
          releases.push({ at: send.updatedAt, exams });
        }
        for (const [index, release] of releases.entries()) {
          const record = buildRecord({
            identity,
            profile,
            exams: release.exams,
            awards: r.awards,
            college: send.institution,
            firstReleasedAt: send.releasedAt,
            releasedAt: release.at,
            studentUpdatedAt: release.at,
          });
          versions++;
          const txt = toTxtRecord(record);
          yield row([
            String(id),
            send.institution.id,
            index + 1,
            release.at.toISOString(),
            txt,
            txtLineToCsvRow(txt),
            withJson ? JSON.stringify(record) : "{}",
            String(nextPosition++),
          ]);
        }
        done++;
        if (options.onProgress && done % 10_000 === 0) options.onProgress(done, reportRows.length);
      }
    },
  );

  if (versions !== versionCount) throw new Error(`generateScoreData: reserved ${versionCount} positions for ${versions} versions`);
  return { students: students.length, reports: reportRows.length, versions };
}
