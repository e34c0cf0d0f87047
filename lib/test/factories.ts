/**
 * Data builders shared by the database tests: released score reports, colleges, users and
 * their memberships. Each call makes new rows; tests pass only what their assertions rely on.
 */
import crypto from "node:crypto";
import type { AuthorizedInstitution, AuthorizedOrganizationId, SessionUser } from "@/lib/auth/gate";
import { prisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ReleaseInput } from "@/lib/reports/schema";
import { CURRENT_TERMS_VERSION } from "@/lib/accounts/constants";

type StudentInput = ReleaseInput["student"];

/** A student with every optional detail empty. */
export const BLANK_STUDENT: Omit<StudentInput, "apId" | "firstName" | "lastName"> = {
  middleInitial: "",
  dateOfBirth: "2007-03-04",
  gender: "U",
  address: { lines: [], state: "", zip: "", countryCode: "" },
  highSchool: { aiCode: "", name: "", contactName: "", address: { lines: [], state: "", zip: "", countryCode: "" } },
  educationLevel: "",
  expectedCollegeEntrance: "",
  studentSearch: "",
  bestLanguage: "",
  sophomoreStanding: "",
  derivedAggregateRace: "",
};

/** A student with an address, a high school and an education level filled in. */
export const SAMPLE_STUDENT: Omit<StudentInput, "apId" | "firstName" | "lastName"> = {
  ...BLANK_STUDENT,
  gender: "F",
  address: { lines: ["1 Main St"], state: "NY", zip: "10001", countryCode: "" },
  highSchool: { aiCode: "123456", name: "Central High", contactName: "", address: { lines: [], state: "NY", zip: "10001", countryCode: "" } },
  educationLevel: "4",
};

/** One report with a single exam (2026, exam code 66) for the given student. */
export function releaseInput(
  diCode: string,
  student: Pick<StudentInput, "apId" | "firstName" | "lastName"> & Partial<StudentInput>,
  options: { score?: number; releasedAt?: Date } = {},
): ReleaseInput {
  const { apId, firstName, lastName, ...details } = student;
  return {
    diCode,
    // Same key order as a hand-written input: identity first, then the details.
    student: { apId, firstName, lastName, ...BLANK_STUDENT, ...details },
    exams: [{ adminYear: 2026, examCode: "66", score: options.score ?? 4, irregularityCodes: [], suppression: "", classSection: "" }],
    awards: [],
    ...(options.releasedAt ? { releasedAt: options.releasedAt.toISOString() } : {}),
  };
}

export function randomApId(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(crypto.randomBytes(8), (b) => alphabet[b % alphabet.length]).join("");
}

/** `count` reports for new students at the institution, released at `releasedAt`. */
export function releaseInputs(diCode: string, count: number, releasedAt: Date): ReleaseInput[] {
  return Array.from({ length: count }, (_, i) => releaseInput(diCode, { apId: randomApId(), firstName: "Sam", lastName: `Student${i}` }, { releasedAt }));
}

/** A college with the given DI code, named "College <code>" unless `data` says otherwise. */
export async function makeCollege(code: string, data: Partial<Prisma.OrganizationUncheckedCreateInput> = {}): Promise<AuthorizedInstitution> {
  const org = await prisma.organization.create({ data: { kind: "COLLEGE", code, name: `College ${code}`, addressLines: [], ...data } });
  return { id: org.id as AuthorizedOrganizationId, diCode: org.code, name: org.name };
}

/** A college with a random DI code and a full address. */
export async function createCollege(name = "Test College"): Promise<AuthorizedInstitution> {
  const code = String(1000 + crypto.randomInt(0, 899_999)).padStart(4, "0");
  return makeCollege(code, { name, addressLines: ["1 College Way"], city: "Town", state: "NY", zip: "10023" });
}

/** A verified user account (no membership, terms not accepted); a random email unless given. */
export function makeUser(data: Partial<Prisma.UserUncheckedCreateInput> = {}) {
  return prisma.user.create({
    data: {
      email: `${crypto.randomUUID()}@example.edu`,
      passwordHash: "x",
      firstName: "T",
      lastName: "U",
      organizationName: "X",
      jobFunction: "Other",
      emailVerifiedAt: new Date(),
      ...data,
    },
  });
}

export interface MemberOptions {
  termsAccepted?: boolean;
  visited?: boolean;
  notificationsEnabled?: boolean;
  firstName?: string;
}

/** A registrar who accepted the terms and is APOSRD HED Admin at `org`. */
export async function createMember(org: { id: string }, options: MemberOptions = {}): Promise<{ id: string; email: string }> {
  const email = `user-${crypto.randomUUID().slice(0, 8)}@example.edu`;
  const user = await makeUser({
    email,
    firstName: options.firstName ?? "Pat",
    lastName: "Registrar",
    organizationName: "Test College",
    jobFunction: "Higher Education: Registrar",
  });
  if (options.termsAccepted ?? true) await prisma.termsAcceptance.create({ data: { userId: user.id, version: CURRENT_TERMS_VERSION } });
  await addMembership(user.id, org, options);
  return { id: user.id, email };
}

export async function addMembership(userId: string, org: { id: string }, options: MemberOptions = {}): Promise<void> {
  await prisma.membership.create({
    data: {
      userId,
      organizationId: org.id,
      role: "HED_ADMIN",
      position: "APOSRD HED Admin",
      dashboardVisitedAt: (options.visited ?? true) ? new Date("2026-01-01T00:00:00Z") : null,
      notificationsEnabled: options.notificationsEnabled ?? true,
    },
  });
}

/** The session of a verified user who accepted the terms, for tests that stand in for the signed-in gate. */
export function sessionUserFor(user: { id: string; email: string }): SessionUser {
  return {
    id: user.id,
    email: user.email,
    firstName: "T",
    lastName: "U",
    role: "USER" as SessionUser["role"],
    mfaEnabled: false,
    termsAccepted: true,
    k12TermsAccepted: false,
    selectedOrganizationId: null,
    passwordChangedAt: new Date(),
    emailVerified: true,
  };
}
