/** Data builders for notification, webhook and activity tests. */
import crypto from "node:crypto";
import type { AuthorizedInstitution, AuthorizedOrganizationId } from "@/lib/auth/gate";
import { prisma } from "@/lib/db";
import type { ReleaseInput } from "@/lib/reports/schema";
import { CURRENT_TERMS_VERSION } from "@/lib/terms";

export async function createCollege(name = "Test College"): Promise<AuthorizedInstitution> {
  const code = String(1000 + crypto.randomInt(0, 899_999)).padStart(4, "0");
  const org = await prisma.organization.create({ data: { kind: "COLLEGE", code, name, addressLines: ["1 College Way"], city: "Town", state: "NY", zip: "10023" } });
  return { id: org.id as AuthorizedOrganizationId, diCode: org.code, name: org.name };
}

export interface MemberOptions {
  termsAccepted?: boolean;
  visited?: boolean;
  notificationsEnabled?: boolean;
  firstName?: string;
}

export async function createMember(org: { id: string }, options: MemberOptions = {}): Promise<{ id: string; email: string }> {
  const email = `user-${crypto.randomUUID().slice(0, 8)}@example.edu`;
  const user = await prisma.user.create({
    data: { email, passwordHash: "x", firstName: options.firstName ?? "Pat", lastName: "Registrar", organizationName: "Test College", jobFunction: "Higher Education: Registrar" },
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
      dashboardVisitedAt: options.visited ?? true ? new Date("2026-01-01T00:00:00Z") : null,
      notificationsEnabled: options.notificationsEnabled ?? true,
    },
  });
}

function randomApId(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from(crypto.randomBytes(8), (b) => alphabet[b % alphabet.length]).join("");
}

/** `count` reports for new students at the institution, released at `releasedAt`. */
export function releaseInputs(diCode: string, count: number, releasedAt: Date): ReleaseInput[] {
  return Array.from({ length: count }, (_, i) => ({
    diCode,
    student: {
      apId: randomApId(),
      firstName: "Sam",
      lastName: `Student${i}`,
      middleInitial: "",
      dateOfBirth: "2007-03-04",
      gender: "U" as const,
      address: { lines: [], state: "", zip: "", countryCode: "" },
      highSchool: { aiCode: "", name: "", contactName: "", address: { lines: [], state: "", zip: "", countryCode: "" } },
      educationLevel: "",
      expectedCollegeEntrance: "",
      studentSearch: "" as const,
      bestLanguage: "",
      sophomoreStanding: "" as const,
      derivedAggregateRace: "",
    },
    exams: [{ adminYear: 2026, examCode: "66", score: 4, irregularityCodes: [], suppression: "", classSection: "" }],
    awards: [],
    releasedAt: releasedAt.toISOString(),
  }));
}
