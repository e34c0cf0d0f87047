import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import { reportingYearStart, startOfZonedDay, zonedIsoDate } from "@/lib/dates";
import { EXAM_CODES } from "@/lib/formats/codes";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { allows, type K12Permission } from "@/lib/permissions";

/**
 * The K-12 calendar. Scores of the May administration are released in July, so the most
 * recent administration whose scores are out is the year of the reporting year's July 1
 * (the same July 1 rule as the higher-ed portal). A school year is named by its spring:
 * school year 2025 is 2024-25, whose exams are the 2025 administration.
 */
export function releasedAdminYear(now = new Date()): number {
  return Number(zonedIsoDate(reportingYearStart(now)).slice(0, 4));
}

/** "2024-25" for school year 2025. */
export function schoolYearLabel(schoolYear: number): string {
  return `${schoolYear - 1}-${String(schoolYear % 100).padStart(2, "0")}`;
}

/**
 * District access runs from August 1 through July 31 of the following year (reporting time
 * zone). `startYear` is the year of the August 1. The end is exclusive: August 1 next year.
 */
export function districtWindow(startYear: number): { validFrom: Date; expiresAt: Date } {
  return { validFrom: startOfZonedDay(`${startYear}-08-01`), expiresAt: startOfZonedDay(`${startYear + 1}-08-01`) };
}

/** The district window containing `now`. */
export function currentDistrictWindowStartYear(now = new Date()): number {
  const iso = zonedIsoDate(now);
  const year = Number(iso.slice(0, 4));
  return iso.slice(5) >= "08-01" ? year : year - 1;
}

/**
 * A school's access code is issued each year to view that year's scores ("an access code to
 * view 2025 scores online"); it works until the next year's scores are released (July 1).
 */
export function schoolCodeExpiry(adminYear: number): Date {
  return startOfZonedDay(`${adminYear + 1}-07-01`);
}

/** "August 1, 2025 – July 31, 2026" for the window starting in 2025. */
export function districtWindowLabel(startYear: number): string {
  return `August 1, ${startYear} – July 31, ${startYear + 1}`;
}

// ───────────────────────────── who may see what ─────────────────────────────

/**
 * Who may see what in AP Score Reports for K-12 Educators (DOMAIN.md §6, seed 002).
 *
 * A user's K-12 access is resolved from three sources, for a given instant:
 * - course authorizations (AP Course Audit) → AP Teacher at a school, only when the teacher
 *   holds one for the most recent school year whose scores are released;
 * - SCHOOL_ADMIN memberships (registration/ordering or course-audit access, or the school's
 *   yearly access code) → school administrator;
 * - DISTRICT_ADMIN memberships valid for the August 1 – July 31 window → district administrator.
 * One option per organization, with the highest role (administrator access supersedes a
 * department chair's teacher access). Every page and route handler resolves this again.
 */
export type K12Role = Extract<MembershipRole, "K12_TEACHER" | "SCHOOL_ADMIN" | "DISTRICT_ADMIN">;

export const ROLE_RANK: Record<K12Role, number> = { K12_TEACHER: 1, SCHOOL_ADMIN: 2, DISTRICT_ADMIN: 3 };

export interface K12School {
  id: string;
  code: string;
  name: string;
  state: string;
}

export interface TeacherAuthorization {
  id: string;
  examCode: string;
  schoolYear: number;
  sections: string[];
  sectionsSelectedAt: Date | null;
}

/** One organization the user may open, with the role they act in there. */
export interface K12Option {
  id: AuthorizedOrganizationId;
  kind: "SCHOOL" | "DISTRICT";
  code: string;
  name: string;
  role: K12Role;
  /** "Principal", "AP Coordinator", "Superintendent", "AP Teacher", ... */
  position: string;
  /** The schools whose results this option covers (the school itself, or the district's schools). */
  schools: K12School[];
  /** Teachers only: their course authorizations at this school (every year, not revoked). */
  authorizations: TeacherAuthorization[];
  /** Teachers only: the principal restricted teachers from student-level results. */
  restricted: boolean;
}

export interface K12Access {
  options: K12Option[];
  /** Why some access the user holds does not open the portal (shown when there is no option). */
  notices: string[];
  releasedYear: number;
}

export const HOMESCHOOL_NOTICE =
  "Teachers with course authorization under the general state homeschool organization do not have access to score reports via AP Score Reports for K-12 Educators.";

export function isK12Role(role: MembershipRole): role is K12Role {
  return role === "K12_TEACHER" || role === "SCHOOL_ADMIN" || role === "DISTRICT_ADMIN";
}

export function optionAllows(option: K12Option, permission: K12Permission): boolean {
  return allows(option, permission);
}

/** May this option see individual students' results? (Restricted teachers keep aggregates only.) */
export function seesStudentLevel(option: K12Option): boolean {
  return allows(option, "k12:student-level");
}

/** A report of the K-12 portal, offered where every one of its permissions is held. */
export interface K12Report {
  href: string;
  title: string;
  text: string;
  permissions: readonly K12Permission[];
}

/** The K-12 portal's reports, in menu order: the navigation and the Report Home list both show these. */
export const K12_REPORTS: readonly K12Report[] = [
  {
    href: "/k12/roster",
    title: "Student Score Roster",
    text: "Students, exams, scores and irregularities; filter by subject, class section and grade level, and download as CSV.",
    permissions: ["k12:roster", "k12:student-level"],
  },
  {
    href: "/k12/planning",
    title: "Instructional Planning Report",
    text: "Score distributions by subject compared with state and global groups. No individual student data.",
    permissions: ["k12:planning"],
  },
  { href: "/k12/datafile", title: "Student Datafile", text: "Every student's record in one CSV file, with the school fields.", permissions: ["k12:datafile"] },
  {
    href: "/k12/sections",
    title: "My Class Sections",
    text: "Choose the class sections you teach; your administrators are notified.",
    permissions: ["k12:sections"],
  },
  { href: "/k12/staff", title: "Manage Access", text: "Staff with access, removing access, and the school access code.", permissions: ["k12:manage-staff"] },
];

/** The reports an option opens (none before an organization is chosen). */
export function reportsFor(option: K12Option | null): K12Report[] {
  return option ? K12_REPORTS.filter((r) => r.permissions.every((p) => optionAllows(option, p))) : [];
}

export function subjectName(examCode: string): string {
  return (EXAM_CODES as Record<string, string>)[examCode] ?? `Exam ${examCode}`;
}

/** The option the user acts in: the selected one if still valid, the only one, or none (must choose). */
export function pickOption(access: K12Access, selectedId: string | null): K12Option | null {
  if (selectedId) {
    const match = access.options.find((o) => o.id === selectedId);
    if (match) return match;
  }
  return access.options.length === 1 ? access.options[0]! : null;
}
