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
import { prisma } from "@/lib/db";
import type { AuthorizedOrganizationId } from "@/lib/auth/gate";
import type { MembershipRole } from "@/lib/generated/prisma/enums";
import { allows, type K12Permission } from "@/lib/permissions";
import { EXAM_CODES } from "@/lib/formats/codes";
import { districtWindowLabel, releasedAdminYear, schoolYearLabel } from "@/lib/k12/rules";
import { zonedIsoDate } from "@/lib/dates";

export type K12Role = Extract<MembershipRole, "K12_TEACHER" | "SCHOOL_ADMIN" | "DISTRICT_ADMIN">;

const ROLE_RANK: Record<K12Role, number> = { K12_TEACHER: 1, SCHOOL_ADMIN: 2, DISTRICT_ADMIN: 3 };

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

function isK12Role(role: MembershipRole): role is K12Role {
  return role === "K12_TEACHER" || role === "SCHOOL_ADMIN" || role === "DISTRICT_ADMIN";
}

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
        notices.push(`Your school administrator access to ${org.name} expired on ${zonedIsoDate(m.expiresAt)}. Ask your principal for this year's school access code.`);
        continue;
      }
      offer({ id: org.id as AuthorizedOrganizationId, kind: "SCHOOL", code: org.code, name: org.name, role: "SCHOOL_ADMIN", position: m.position, schools: [{ id: org.id, code: org.code, name: org.name, state: org.state }], authorizations: [], restricted: false });
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
      offer({ id: org.id as AuthorizedOrganizationId, kind: "DISTRICT", code: org.code, name: org.name, role: "DISTRICT_ADMIN", position: m.position, schools: org.schools, authorizations: [], restricted: false });
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
  { href: "/k12/sections", title: "My Class Sections", text: "Choose the class sections you teach; your administrators are notified.", permissions: ["k12:sections"] },
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
