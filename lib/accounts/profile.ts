import { audit } from "@/lib/audit";
import { prisma } from "@/lib/db";
import type { ProfileInput } from "@/lib/accounts/schema";

export interface Profile {
  email: string;
  firstName: string;
  lastName: string;
  orgZip: string | null;
  organizationName: string;
  jobFunction: string;
  passwordChangedAt: Date;
}

export async function readProfile(userId: string): Promise<Profile | null> {
  return prisma.user.findUnique({
    where: { id: userId },
    select: { email: true, firstName: true, lastName: true, orgZip: true, organizationName: true, jobFunction: true, passwordChangedAt: true },
  });
}

/** Saves the profile and records which fields changed (names only, not values). */
export async function updateProfile(userId: string, input: ProfileInput, ip: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({
      where: { id: userId },
      select: { firstName: true, lastName: true, orgZip: true, organizationName: true, jobFunction: true },
    });
    const changed = (Object.keys(before) as Array<keyof typeof before>).filter((k) => before[k] !== input[k]);
    if (!changed.length) return;
    await tx.user.update({ where: { id: userId }, data: input });
    await audit({ actorType: "user", actorUserId: userId, action: "account.profile-updated", ip, details: { fields: changed } }, tx);
  });
}
