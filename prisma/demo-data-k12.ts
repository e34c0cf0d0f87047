/**
 * The K-12 demo data contract (AP Score Reports for K-12 Educators): plain constants, importable
 * by the seed (prisma/seed-k12.ts), tests and end-to-end suites without touching the database.
 * Years are relative to the most recent administration whose scores are released when the
 * seed runs (lib/k12/rules.ts `releasedAdminYear`), so the demo stays current.
 */
export const K12_DEMO_SEED = 20261212;

export const K12_DEMO_DISTRICT = { code: "SPFD", name: "Springfield Unified", state: "IL" } as const;

export const K12_DEMO_SCHOOLS = {
  high: { code: "141234", name: "Springfield High School", state: "IL", city: "Springfield" },
  north: { code: "141235", name: "Springfield North High School", state: "IL", city: "Springfield" },
} as const;

/** The general state homeschool organization: its teachers get no portal access. */
export const K12_DEMO_HOMESCHOOL = { code: "IL-HOME", name: "Illinois General State Homeschool", state: "IL" } as const;

export const K12_DEMO_ACCOUNTS = {
  superintendent: { email: "superintendent@springfield.k12.example", password: "Superintendent-Demo-2026!", firstName: "Sam", lastName: "Superintendent" },
  principal: { email: "principal@springfield.k12.example", password: "Principal-Demo-2026!", firstName: "Pat", lastName: "Principal" },
  coordinator: { email: "coordinator@springfield.k12.example", password: "Coordinator-Demo-2026!", firstName: "Cory", lastName: "Coordinator" },
  teacher: { email: "teacher@springfield.k12.example", password: "Teacher-Demo-2026!", firstName: "Taylor", lastName: "Teacher" },
  northTeacher: { email: "teacher.north@springfield.k12.example", password: "Northteacher-Demo-2026!", firstName: "Nico", lastName: "North" },
  homeschool: { email: "homeschool@springfield.k12.example", password: "Homeschool-Demo-2026!", firstName: "Harper", lastName: "Homeschool" },
  dual: { email: "dual@springfield.k12.example", password: "Dual-Demo-2026!", firstName: "Dana", lastName: "Dual" },
  expiredDistrict: { email: "district.expired@springfield.k12.example", password: "Districtexpired-Demo-2026!", firstName: "Eli", lastName: "Expired" },
} as const;

/**
 * Who holds what (years: R = the released administration year, school year R = (R−1)-R):
 * - superintendent: district administrator (Superintendent) of Springfield Unified, window containing today
 * - principal: school administrator (Principal) at 141234 through AP Registration and Ordering access
 * - coordinator: school administrator (AP Coordinator) at 141234 through AP Course Audit access
 * - teacher: AP Teacher, Calculus AB (66) at 141234, sections 1 and 2, school years R and R−1
 * - northTeacher: AP Teacher, Biology (20) at 141235, section 1, school year R
 * - homeschool: AP Teacher authorized under the homeschool organization (no portal access)
 * - dual: AP Teacher of Statistics (90) section 1 at 141235, and school administrator (AP Coordinator) at 141234
 * - expiredDistrict: district administrator whose August–July window ended last July 31
 */
export const K12_DEMO_TEACHER_SUBJECT = "66";
export const K12_DEMO_TEACHER_SECTIONS = ["1", "2"] as const;

/** The school access code of each school for year R (shared by principals with at most 5 staff). */
export function k12DemoAccessCode(schoolCode: string, releasedYear: number): string {
  return `SPFD-${schoolCode}-${releasedYear}`;
}

/** Named Calculus AB students at 141234 in year R, one per section, for tests to look for. */
export const K12_DEMO_MARKER_STUDENTS = {
  section1: { apId: "K1200001", firstName: "Avery", lastName: "Sectionone" },
  section2: { apId: "K1200002", firstName: "Blake", lastName: "Sectiontwo" },
  section3: { apId: "K1200003", firstName: "Casey", lastName: "Sectionthree" },
} as const;

export const K12_DEMO_EMAILS: string[] = Object.values(K12_DEMO_ACCOUNTS).map((a) => a.email);
