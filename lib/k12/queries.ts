/**
 * K-12 reads. Every query takes a resolved K12Option (from lib/k12/gate.ts): the schools,
 * subjects and sections it may see are put into the `where`, never taken from the request.
 */
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ExamResult, StudentRecord } from "@/lib/formats/record";
import { toCsvRow, csvHeaderLine, csvQuote, CSV_LINE_ENDING } from "@/lib/formats/csv";
import { buildRecord, type StudentProfile } from "@/lib/reports/record";
import { IRREGULARITY_CODES } from "@/lib/formats/codes";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { zonedIsoDate } from "@/lib/dates";
import {
  HOMESCHOOL_NOTICE,
  ROLE_RANK,
  districtWindowLabel,
  isK12Role,
  releasedAdminYear,
  schoolYearLabel,
  seesStudentLevel,
  subjectName,
  type K12Access,
  type K12Option,
  type TeacherAuthorization,
} from "@/lib/k12/rules";
import { gradeLevelLabel, MIN_AGGREGATE_GROUP, type RosterFilterInput } from "@/lib/k12/schema";
import { refusal, type Result } from "@/lib/errors";

export interface RosterFilters {
  subject?: string;
  section?: string;
  grade?: string;
  year?: number;
  school?: string;
}

/** The roster's filters as the page and the CSV route read them: an empty choice is no filter. */
export function rosterFiltersOf(input: RosterFilterInput): RosterFilters {
  return {
    subject: input.subject || undefined,
    section: input.section || undefined,
    grade: input.grade || undefined,
    year: input.year || undefined,
    school: input.school || undefined,
  };
}

/**
 * The exams an option covers: its schools' exams of released administrations; for a teacher
 * only their authorized subjects, in the sections they selected, year by year.
 */
export function examScope(option: K12Option, now = new Date()): Prisma.ExamWhereInput {
  const base: Prisma.ExamWhereInput = { schoolCode: { in: option.schools.map((s) => s.code) }, adminYear: { lte: releasedAdminYear(now) } };
  if (option.role !== "K12_TEACHER") return base;
  const mine = option.authorizations.filter((a) => a.sections.length > 0);
  // No sections selected yet: nothing to show (an empty OR would match nothing too, but be explicit).
  if (!mine.length) return { AND: [base, { id: { lt: 0 } }] };
  return { AND: [base, { OR: mine.map((a) => ({ examCode: a.examCode, adminYear: a.schoolYear, classSection: { in: a.sections } })) }] };
}

function filtered(option: K12Option, filters: RosterFilters, now: Date): Prisma.ExamWhereInput {
  const and: Prisma.ExamWhereInput[] = [examScope(option, now)];
  if (filters.subject) and.push({ examCode: filters.subject });
  if (filters.section) and.push({ classSection: filters.section });
  if (filters.year) and.push({ adminYear: filters.year });
  if (filters.school) and.push({ schoolCode: filters.school });
  if (filters.grade) and.push({ student: { profile: { path: ["educationLevel"], equals: filters.grade } } });
  return { AND: and };
}

export interface RosterRow {
  apId: string;
  lastName: string;
  firstName: string;
  gradeLevel: string;
  schoolCode: string;
  schoolName: string;
  adminYear: number;
  examCode: string;
  subject: string;
  section: string;
  score: number | null;
  irregularities: string[];
}

export const ROSTER_PAGE_LIMIT = 1000;

/** Student score roster rows, sorted by name; student-level data, so only for options that see it. */
export async function rosterRows(option: K12Option, filters: RosterFilters, limit: number | null = ROSTER_PAGE_LIMIT, now = new Date()): Promise<RosterRow[]> {
  if (!seesStudentLevel(option)) return [];
  const schoolNames = new Map(option.schools.map((s) => [s.code, s.name]));
  const exams = await prisma.exam.findMany({
    where: filtered(option, filters, now),
    select: {
      adminYear: true,
      examCode: true,
      score: true,
      irregularityCodes: true,
      classSection: true,
      schoolCode: true,
      student: { select: { apId: true, firstName: true, lastName: true, profile: true } },
    },
    orderBy: [{ student: { lastName: "asc" } }, { student: { firstName: "asc" } }, { adminYear: "desc" }, { examCode: "asc" }],
    ...(limit ? { take: limit } : {}),
  });
  return exams.map((e) => ({
    apId: e.student.apId,
    lastName: e.student.lastName,
    firstName: e.student.firstName,
    gradeLevel: gradeLevelLabel(String((e.student.profile as { educationLevel?: unknown } | null)?.educationLevel ?? "")),
    schoolCode: e.schoolCode,
    schoolName: schoolNames.get(e.schoolCode) ?? e.schoolCode,
    adminYear: e.adminYear,
    examCode: e.examCode,
    subject: subjectName(e.examCode),
    section: e.classSection,
    score: e.score,
    irregularities: e.irregularityCodes,
  }));
}

export async function rosterCount(option: K12Option, filters: RosterFilters, now = new Date()): Promise<number> {
  if (!seesStudentLevel(option)) return 0;
  return prisma.exam.count({ where: filtered(option, filters, now) });
}

export function irregularityLabel(code: string): string {
  return `${code} ${(IRREGULARITY_CODES as Record<string, string>)[code] ?? ""}`.trim();
}

export const ROSTER_CSV_COLUMNS = [
  "AP ID",
  "Last Name",
  "First Name",
  "Grade Level",
  "School AI Code",
  "School Name",
  "Exam Year",
  "Exam Code",
  "Subject",
  "Class Section",
  "Score",
  "Irregularity Code 1",
  "Irregularity Code 2",
] as const;

/** The roster as CSV (every value quoted, CRLF line endings, header first). */
export function rosterCsv(rows: RosterRow[]): string {
  let out = ROSTER_CSV_COLUMNS.map(csvQuote).join(",") + CSV_LINE_ENDING;
  for (const r of rows) {
    const values = [
      r.apId,
      r.lastName,
      r.firstName,
      r.gradeLevel,
      r.schoolCode,
      r.schoolName,
      String(r.adminYear),
      r.examCode,
      r.subject,
      r.section,
      r.score === null ? "" : String(r.score),
      r.irregularities[0] ?? "",
      r.irregularities[1] ?? "",
    ];
    out += values.map(csvQuote).join(",") + CSV_LINE_ENDING;
  }
  return out;
}

/**
 * Student Score Roster as CSV. Restricted teachers keep the aggregate reports only, so their
 * download is refused (the page explains the restriction instead of offering it).
 */
export async function rosterDownload(option: K12Option, filters: RosterFilters): Promise<Result<{ csv: string; rows: number }>> {
  if (!seesStudentLevel(option)) return refusal("FORBIDDEN", "Your principal has restricted teachers from individual students' results.");
  const rows = await rosterRows(option, filters, null);
  return { ok: true, csv: rosterCsv(rows), rows: rows.length };
}

/** Filter choices for the roster: the subjects, sections, years and schools the option covers. */
export async function rosterChoices(option: K12Option, now = new Date()): Promise<{ subjects: string[]; sections: string[]; years: number[] }> {
  const groups = await prisma.exam.groupBy({ by: ["examCode", "classSection", "adminYear"], where: examScope(option, now) });
  const uniq = <T>(values: T[]) => [...new Set(values)];
  return {
    subjects: uniq(groups.map((g) => g.examCode)).sort(),
    sections: uniq(groups.map((g) => g.classSection).filter(Boolean)).sort(),
    years: uniq(groups.map((g) => g.adminYear)).sort((a, b) => b - a),
  };
}

// ───────────────────────────── instructional planning report ─────────────────────────────

export interface Distribution {
  /** Students with a score (exams without a grade shown are not counted). */
  total: number;
  /** Index 0 = score 1 ... index 4 = score 5; null when suppressed. */
  counts: number[] | null;
  percents: number[] | null;
  mean: number | null;
  /** Fewer than MIN_AGGREGATE_GROUP students: nothing but the fact is shown. */
  suppressed: boolean;
}

export interface PlanningGroup {
  key: string;
  label: string;
  distribution: Distribution;
}

export interface PlanningSubject {
  examCode: string;
  subject: string;
  groups: PlanningGroup[];
}

export interface PlanningReport {
  year: number;
  years: number[];
  subjects: PlanningSubject[];
}

function distributionOf(counts: Map<number, number>): Distribution {
  const list = [1, 2, 3, 4, 5].map((s) => counts.get(s) ?? 0);
  const total = list.reduce((a, b) => a + b, 0);
  if (total < MIN_AGGREGATE_GROUP) return { total, counts: null, percents: null, mean: null, suppressed: true };
  const sum = list.reduce((acc, n, i) => acc + n * (i + 1), 0);
  return {
    total,
    counts: list,
    percents: list.map((n) => Math.round((n / total) * 1000) / 10),
    mean: Math.round((sum / total) * 100) / 100,
    suppressed: false,
  };
}

type Counts = Map<string, Map<number, number>>;

async function scoreCounts(where: Prisma.ExamWhereInput): Promise<Counts> {
  const rows = await prisma.exam.groupBy({ by: ["examCode", "score"], where: { AND: [where, { score: { not: null } }] }, _count: { _all: true } });
  const out: Counts = new Map();
  for (const r of rows) {
    const m = out.get(r.examCode) ?? new Map<number, number>();
    m.set(r.score!, r._count._all);
    out.set(r.examCode, m);
  }
  return out;
}

/**
 * Per subject, the score distribution of the option's students (a teacher's sections, the
 * school, or the district and each of its schools) against the state and global groups.
 * State: every exam in the database, for that subject and year, of students whose record
 * gives a high school in the school's state. Global: every exam in the database for that
 * subject and year. No student-level data; groups under 5 students are suppressed.
 */
export async function planningReport(option: K12Option, year: number | undefined, now = new Date()): Promise<PlanningReport> {
  const scope = examScope(option, now);
  const yearRows = await prisma.exam.groupBy({ by: ["adminYear"], where: scope });
  const years = yearRows.map((r) => r.adminYear).sort((a, b) => b - a);
  const chosen = year && years.includes(year) ? year : (years[0] ?? releasedAdminYear(now));
  const inYear: Prisma.ExamWhereInput = { AND: [scope, { adminYear: chosen }] };

  const own = await scoreCounts(inYear);
  const subjects = [...own.keys()].sort();
  if (!subjects.length) return { year: chosen, years, subjects: [] };

  const perSchool =
    option.kind === "DISTRICT"
      ? await Promise.all(option.schools.map(async (s) => ({ school: s, counts: await scoreCounts({ AND: [inYear, { schoolCode: s.code }] }) })))
      : [];
  const states = [...new Set(option.schools.map((s) => s.state).filter(Boolean))];
  const stateCounts = new Map<string, Counts>();
  for (const state of states) {
    stateCounts.set(
      state,
      await scoreCounts({ adminYear: chosen, examCode: { in: subjects }, student: { profile: { path: ["highSchool", "address", "state"], equals: state } } }),
    );
  }
  const global = await scoreCounts({ adminYear: chosen, examCode: { in: subjects } });

  const ownLabel = option.role === "K12_TEACHER" ? "Your class sections" : option.kind === "DISTRICT" ? `${option.name} (all schools)` : option.name;
  return {
    year: chosen,
    years,
    subjects: subjects.map((examCode) => ({
      examCode,
      subject: subjectName(examCode),
      groups: [
        { key: "own", label: ownLabel, distribution: distributionOf(own.get(examCode) ?? new Map()) },
        ...perSchool.map((p) => ({ key: `school-${p.school.code}`, label: p.school.name, distribution: distributionOf(p.counts.get(examCode) ?? new Map()) })),
        ...states.map((state) => ({
          key: `state-${state}`,
          label: `State (${state})`,
          distribution: distributionOf(stateCounts.get(state)!.get(examCode) ?? new Map()),
        })),
        { key: "global", label: "Global", distribution: distributionOf(global.get(examCode) ?? new Map()) },
      ],
    })),
  };
}

// ───────────────────────────── student datafile ─────────────────────────────

/** School columns appended to the college layout's CSV columns in the K-12 student datafile. */
export const DATAFILE_SCHOOL_COLUMNS = [
  { label: "School AI Code", description: "AI (school) code of the school where the exams in this row were taken." },
  { label: "School Name", description: "Name of that school." },
  { label: "District Name", description: "The school's district; blank when the school is not part of a district." },
  { label: "Class Sections", description: "The class section codes of the exams in this row, separated by spaces, in exam order." },
] as const;

export function datafileHeaderLine(): string {
  return `${csvHeaderLine()},${DATAFILE_SCHOOL_COLUMNS.map((c) => csvQuote(c.label)).join(",")}`;
}

const EMPTY_COLLEGE = { code: "", name: "", contactName: "", addressLines: [], city: "", state: "", zip: "" };

/**
 * The student datafile for administrators: one row per student and school, with the
 * college layout's fields (college fields blank; the exams are the ones taken at that school)
 * followed by the school columns. Returns the whole file and the row count.
 */
export async function studentDatafile(option: K12Option, now = new Date()): Promise<{ csv: string; rows: number }> {
  if (option.role === "K12_TEACHER") return { csv: datafileHeaderLine() + CSV_LINE_ENDING, rows: 0 };
  const district = option.kind === "DISTRICT" ? option.name : "";
  const districtOfSchool = new Map<string, string>();
  if (option.kind === "SCHOOL") {
    const org = await prisma.organization.findUnique({ where: { id: option.id }, select: { district: { select: { name: true } } } });
    districtOfSchool.set(option.code, org?.district?.name ?? "");
  }
  const schoolNames = new Map(option.schools.map((s) => [s.code, s.name]));
  const exams = await prisma.exam.findMany({
    where: examScope(option, now),
    select: { adminYear: true, examCode: true, score: true, irregularityCodes: true, suppression: true, classSection: true, schoolCode: true, studentId: true },
    orderBy: [{ schoolCode: "asc" }, { studentId: "asc" }],
  });
  const byKey = new Map<string, { schoolCode: string; studentId: string; exams: Array<ExamResult & { classSection: string }> }>();
  for (const e of exams) {
    const key = `${e.schoolCode}:${e.studentId}`;
    const entry = byKey.get(key) ?? { schoolCode: e.schoolCode, studentId: e.studentId, exams: [] };
    entry.exams.push({
      adminYear: e.adminYear,
      examCode: e.examCode,
      score: e.score,
      irregularityCodes: e.irregularityCodes,
      suppression: e.suppression,
      classSection: e.classSection,
    });
    byKey.set(key, entry);
  }
  const students = await prisma.student.findMany({
    where: { id: { in: [...new Set(exams.map((e) => e.studentId))] } },
    select: {
      id: true,
      apId: true,
      firstName: true,
      lastName: true,
      middleInitial: true,
      dateOfBirth: true,
      profile: true,
      updatedAt: true,
      createdAt: true,
      awards: { select: { type: true, year: true } },
    },
  });
  const byId = new Map(students.map((s) => [s.id, s]));
  const lines: Array<{ name: string; line: string }> = [];
  for (const entry of byKey.values()) {
    const s = byId.get(entry.studentId)!;
    const record: StudentRecord = buildRecord({
      identity: {
        apId: s.apId,
        firstName: s.firstName,
        lastName: s.lastName,
        middleInitial: s.middleInitial,
        dateOfBirth: s.dateOfBirth ? s.dateOfBirth.toISOString().slice(0, 10) : null,
      },
      profile: s.profile as unknown as StudentProfile,
      exams: entry.exams,
      awards: s.awards,
      college: EMPTY_COLLEGE,
      firstReleasedAt: s.createdAt,
      releasedAt: now,
      studentUpdatedAt: s.updatedAt,
    });
    const school = [
      entry.schoolCode,
      schoolNames.get(entry.schoolCode) ?? "",
      district || districtOfSchool.get(entry.schoolCode) || "",
      record.exams.map((e) => e.classSection || "-").join(" "),
    ];
    lines.push({ name: `${s.lastName}\u0000${s.firstName}\u0000${entry.schoolCode}`, line: `${toCsvRow(record)},${school.map(csvQuote).join(",")}` });
  }
  lines.sort((a, b) => a.name.localeCompare(b.name));
  return { csv: datafileHeaderLine() + CSV_LINE_ENDING + lines.map((l) => l.line + CSV_LINE_ENDING).join(""), rows: lines.length };
}

// ───────────────────────────── teachers' sections and staff ─────────────────────────────

/** Section codes a teacher may choose for a course: those in the school's results, plus their current ones. */
export async function sectionChoices(option: K12Option): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const school = option.schools[0];
  if (!school) return out;
  for (const a of option.authorizations) {
    const rows = await prisma.exam.groupBy({
      by: ["classSection"],
      where: { schoolCode: school.code, examCode: a.examCode, adminYear: a.schoolYear, classSection: { not: "" } },
    });
    const set = new Set([...rows.map((r) => r.classSection), ...a.sections]);
    if (!set.size) for (let i = 1; i <= 9; i++) set.add(String(i));
    out.set(a.id, [...set].sort());
  }
  return out;
}

export interface StaffMember {
  userId: string;
  name: string;
  email: string;
  role: "AP Teacher" | "School Administrator" | "District Administrator";
  position: string;
  schoolId: string | null;
  schoolName: string;
  detail: string;
}

/** Everyone with current access at the option's schools (and district): for principals and district administrators. */
export async function staffList(option: K12Option, now = new Date()): Promise<StaffMember[]> {
  const schoolIds = option.schools.map((s) => s.id);
  const orgIds = option.kind === "DISTRICT" ? [...schoolIds, option.id] : schoolIds;
  const names = new Map<string, string>([...option.schools.map((s) => [s.id, s.name] as const), [option.id, option.name]]);
  const year = releasedAdminYear(now);
  const [memberships, authorizations] = await Promise.all([
    prisma.membership.findMany({
      where: {
        organizationId: { in: orgIds },
        role: { in: ["SCHOOL_ADMIN", "DISTRICT_ADMIN"] },
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      },
      select: {
        role: true,
        position: true,
        organizationId: true,
        k12Source: true,
        validFrom: true,
        user: { select: { id: true, firstName: true, lastName: true, email: true } },
      },
    }),
    prisma.courseAuthorization.findMany({
      where: { organizationId: { in: schoolIds }, revokedAt: null, schoolYear: year },
      select: { examCode: true, sections: true, organizationId: true, user: { select: { id: true, firstName: true, lastName: true, email: true } } },
    }),
  ]);
  const SOURCE: Record<string, string> = {
    REGISTRATION_ORDERING: "AP Registration and Ordering access",
    COURSE_AUDIT: "AP Course Audit access",
    ACCESS_CODE: "School access code",
    SUPERINTENDENT: "Authorized by the superintendent",
  };
  const staff: StaffMember[] = memberships
    .filter((m) => !m.validFrom || m.validFrom <= now)
    .map((m) => ({
      userId: m.user.id,
      name: `${m.user.firstName} ${m.user.lastName}`,
      email: m.user.email,
      role: m.role === "DISTRICT_ADMIN" ? "District Administrator" : "School Administrator",
      position: m.position,
      schoolId: m.role === "DISTRICT_ADMIN" ? null : m.organizationId,
      schoolName: names.get(m.organizationId) ?? "",
      detail: m.k12Source ? (SOURCE[m.k12Source] ?? "") : "",
    }));
  const teachers = new Map<string, StaffMember>();
  for (const a of authorizations) {
    const key = `${a.user.id}:${a.organizationId}`;
    const course = `${subjectName(a.examCode)} (sections ${a.sections.join(", ") || "not selected"})`;
    const existing = teachers.get(key);
    if (existing) existing.detail += `; ${course}`;
    else
      teachers.set(key, {
        userId: a.user.id,
        name: `${a.user.firstName} ${a.user.lastName}`,
        email: a.user.email,
        role: "AP Teacher",
        position: "AP Teacher",
        schoolId: a.organizationId,
        schoolName: names.get(a.organizationId) ?? "",
        detail: course,
      });
  }
  return [...staff, ...teachers.values()].sort((a, b) => a.schoolName.localeCompare(b.schoolName) || a.name.localeCompare(b.name));
}

export async function teachersRestricted(schoolId: string): Promise<boolean> {
  const setting = await prisma.k12SchoolSetting.findUnique({ where: { organizationId: schoolId }, select: { teachersRestricted: true } });
  return setting?.teachersRestricted ?? false;
}

/** How many staff used the school's current access code, of how many allowed. */
export interface SchoolCodeUsage {
  id: string;
  hint: string;
  used: number;
  max: number;
  expiresAt: Date | null;
  /** Whether the full code can be shown to the principal (codes made before codes were sealed cannot). */
  revealable: boolean;
  /** The staff using the code now (the seats taken). */
  redeemedBy: Array<{ name: string; email: string; position: string }>;
}

export async function accessCodeUsage(schoolId: string, now = new Date()): Promise<SchoolCodeUsage[]> {
  const codes = await prisma.accessCode.findMany({
    where: { organizationId: schoolId, purpose: "K12_SCHOOL", revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      hint: true,
      maxRedemptions: true,
      expiresAt: true,
      codeSealed: true,
      memberships: {
        where: { revokedAt: null },
        orderBy: { createdAt: "asc" },
        select: { position: true, user: { select: { firstName: true, lastName: true, email: true } } },
      },
    },
  });
  return codes.map((c) => ({
    id: c.id,
    hint: c.hint,
    used: c.memberships.length,
    max: c.maxRedemptions ?? 5,
    expiresAt: c.expiresAt,
    revealable: c.codeSealed !== null,
    redeemedBy: c.memberships.map((m) => ({ name: `${m.user.firstName} ${m.user.lastName}`, email: m.user.email, position: m.position })),
  }));
}

/**
 * Whom a school's code is emailed to: its principals (seed 002, "principals designated on their
 * school's participation forms") — active principal memberships of verified accounts, and
 * principal grants still waiting as invitations for an address.
 */
export async function schoolPrincipals(schoolId: string, now = new Date()): Promise<Array<{ email: string; firstName: string }>> {
  const [members, invitations] = await Promise.all([
    prisma.membership.findMany({
      where: {
        organizationId: schoolId,
        role: "SCHOOL_ADMIN",
        position: "Principal",
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
        user: { emailVerifiedAt: { not: null } },
      },
      select: { user: { select: { email: true, firstName: true } } },
    }),
    prisma.invitation.findMany({
      where: { organizationId: schoolId, grantKey: "SCHOOL_ADMIN", acceptedAt: null, grant: { path: ["position"], equals: "Principal" } },
      select: { email: true },
    }),
  ]);
  const byEmail = new Map<string, { email: string; firstName: string }>();
  for (const m of members) byEmail.set(m.user.email, m.user);
  for (const i of invitations) if (!byEmail.has(i.email)) byEmail.set(i.email, { email: i.email, firstName: "" });
  return [...byEmail.values()];
}

/** Roster filters as audit details: only the ones set (the audit log stores JSON, no undefined). */
export function filtersForAudit(filters: RosterFilters): Record<string, string | number> {
  return Object.fromEntries(Object.entries(filters).filter((e): e is [string, string | number] => e[1] !== undefined && e[1] !== ""));
}

// ───────────────────────────── access ─────────────────────────────

/** Resolves every K-12 organization the user may open at `now`. */
export async function resolveK12Access(userId: string, now = new Date()): Promise<K12Access> {
  const releasedYear = releasedAdminYear(now);
  const orgSelect = {
    id: true,
    kind: true,
    code: true,
    name: true,
    state: true,
    schools: { where: { kind: "SCHOOL" as const }, select: { id: true, code: true, name: true, state: true }, orderBy: { name: "asc" as const } },
    k12Setting: { select: { teachersRestricted: true } },
  };
  const [memberships, authorizations] = await Promise.all([
    prisma.membership.findMany({
      where: { userId, role: { in: ["SCHOOL_ADMIN", "DISTRICT_ADMIN"] }, revokedAt: null },
      select: { role: true, position: true, validFrom: true, expiresAt: true, organization: { select: orgSelect } },
    }),
    prisma.courseAuthorization.findMany({
      where: { userId, revokedAt: null },
      select: { id: true, examCode: true, schoolYear: true, sections: true, sectionsSelectedAt: true, organization: { select: orgSelect } },
      orderBy: [{ schoolYear: "desc" }, { examCode: "asc" }],
    }),
  ]);

  const notices: string[] = [];
  const byOrg = new Map<string, K12Option>();
  const offer = (option: K12Option) => {
    const existing = byOrg.get(option.id);
    if (!existing || ROLE_RANK[option.role] > ROLE_RANK[existing.role]) byOrg.set(option.id, option);
  };

  for (const m of memberships) {
    const org = m.organization;
    if (!isK12Role(m.role)) continue;
    if (m.role === "SCHOOL_ADMIN" && org.kind === "SCHOOL") {
      if (m.expiresAt && m.expiresAt <= now) {
        notices.push(
          `Your school administrator access to ${org.name} expired on ${zonedIsoDate(m.expiresAt)}. Ask your principal for this year's school access code.`,
        );
        continue;
      }
      offer({
        id: org.id as AuthorizedOrganizationId,
        kind: "SCHOOL",
        code: org.code,
        name: org.name,
        role: "SCHOOL_ADMIN",
        position: m.position,
        schools: [{ id: org.id, code: org.code, name: org.name, state: org.state }],
        authorizations: [],
        restricted: false,
      });
    } else if (m.role === "DISTRICT_ADMIN" && org.kind === "DISTRICT") {
      const started = !m.validFrom || m.validFrom <= now;
      const ended = m.expiresAt !== null && m.expiresAt <= now;
      if (!started || ended) {
        const startYear = m.validFrom ? Number(zonedIsoDate(m.validFrom).slice(0, 4)) : null;
        const window = startYear ? ` (${districtWindowLabel(startYear)})` : "";
        notices.push(
          `Your district access to ${org.name}${window} is not valid today. District access is granted from August 1 through July 31 and renewed each year; ask your district superintendent to authorize you with AP Services for Educators.`,
        );
        continue;
      }
      offer({
        id: org.id as AuthorizedOrganizationId,
        kind: "DISTRICT",
        code: org.code,
        name: org.name,
        role: "DISTRICT_ADMIN",
        position: m.position,
        schools: org.schools,
        authorizations: [],
        restricted: false,
      });
    }
  }

  const teacherSchools = new Map<string, { org: (typeof authorizations)[number]["organization"]; auths: TeacherAuthorization[] }>();
  let homeschool = false;
  for (const a of authorizations) {
    if (a.organization.kind === "HOMESCHOOL") {
      homeschool = true;
      continue;
    }
    if (a.organization.kind !== "SCHOOL") continue;
    const entry = teacherSchools.get(a.organization.id) ?? { org: a.organization, auths: [] };
    entry.auths.push({ id: a.id, examCode: a.examCode, schoolYear: a.schoolYear, sections: a.sections, sectionsSelectedAt: a.sectionsSelectedAt });
    teacherSchools.set(a.organization.id, entry);
  }
  if (homeschool) notices.push(HOMESCHOOL_NOTICE);
  for (const { org, auths } of teacherSchools.values()) {
    // Renewal every year is what keeps current and previous years' reports open.
    if (!auths.some((a) => a.schoolYear === releasedYear)) {
      notices.push(
        `You do not have AP Course Audit authorization at ${org.name} for the ${schoolYearLabel(releasedYear)} school year, the most recent year for which scores have been released. Teachers must have their course authorization renewed every year to see current and previous years' reports.`,
      );
      continue;
    }
    offer({
      id: org.id as AuthorizedOrganizationId,
      kind: "SCHOOL",
      code: org.code,
      name: org.name,
      role: "K12_TEACHER",
      position: "AP Teacher",
      schools: [{ id: org.id, code: org.code, name: org.name, state: org.state }],
      authorizations: auths,
      restricted: org.k12Setting?.teachersRestricted ?? false,
    });
  }

  const options = [...byOrg.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { options, notices, releasedYear };
}
