import "server-only";
import { cache } from "react";
import { prisma } from "@/lib/db";

/**
 * A K-12-only educator: some K-12 affiliation (a school or district role, or an AP Course
 * Audit authorization) and no college enrollment. Such users use AP Score Reports for K-12
 * Educators only, so the higher-ed terms, dashboard and navigation are never shown to them.
 * A brand-new account with no affiliation at all is a higher-ed user (seed 000's sign-up).
 */
export const isK12OnlyUser = cache(async (userId: string): Promise<boolean> => {
  const [college, k12Role, authorization] = await Promise.all([
    prisma.membership.findFirst({ where: { userId, organization: { kind: "COLLEGE" } }, select: { id: true } }),
    prisma.membership.findFirst({ where: { userId, role: { in: ["K12_TEACHER", "SCHOOL_ADMIN", "DISTRICT_ADMIN"] } }, select: { id: true } }),
    prisma.courseAuthorization.findFirst({ where: { userId }, select: { id: true } }),
  ]);
  return !college && Boolean(k12Role ?? authorization);
});

/** Where a signed-in user starts when no page was asked for. */
export async function homePathFor(userId: string): Promise<string> {
  return (await isK12OnlyUser(userId)) ? "/k12" : "/dashboard";
}
