import { prisma } from "@/lib/db";
import { audit } from "@/lib/audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { fieldRefusal, type Result } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SignUpInput } from "@/lib/accounts/schema";

export type CreateAccountResult = Result<{ userId: string }>;

export async function createAccount(input: SignUpInput, ip: string): Promise<CreateAccountResult> {
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await prisma.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          email: input.email,
          passwordHash,
          firstName: input.firstName,
          lastName: input.lastName,
          orgZip: input.orgZip ?? null,
          organizationName: input.organizationName,
          jobFunction: input.jobFunction,
        },
        select: { id: true },
      });
      await audit({ actorType: "user", actorUserId: created.id, actorLabel: input.email, action: "account.created", ip }, tx);
      return created;
    });
    return { ok: true, userId: user.id };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return fieldRefusal("CONFLICT", "email", "An account with this email address already exists. Sign in instead.");
    }
    throw error;
  }
}

export type ChangePasswordResult = Result<{ sessionVersion: number }>;

/** Changes the password and ends every other session of the user. */
export async function changePassword(userId: string, currentPassword: string, newPassword: string, ip: string): Promise<ChangePasswordResult> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return fieldRefusal("BAD_REQUEST", "currentPassword", "Your current password is incorrect.");
  }
  const passwordHash = await hashPassword(newPassword);
  const updated = await prisma.$transaction(async (tx) => {
    const row = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, passwordChangedAt: new Date(), sessionVersion: { increment: 1 } },
      select: { sessionVersion: true },
    });
    await audit({ actorType: "user", actorUserId: userId, action: "password.changed", ip }, tx);
    return row;
  });
  return { ok: true, sessionVersion: updated.sessionVersion };
}

/** Records acceptance of the current terms (idempotent: accepting twice keeps the first time). */
export async function acceptTerms(userId: string, version: string, ip: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const existing = await tx.termsAcceptance.findUnique({ where: { userId_version: { userId, version } }, select: { id: true } });
    if (existing) return;
    await tx.termsAcceptance.create({ data: { userId, version, ip } });
    await audit({ actorType: "user", actorUserId: userId, action: "terms.accepted", ip, details: { version } }, tx);
  });
}
