import { prisma } from "@/lib/db";
import { audit } from "@/lib/audit";
import { hashPassword, verifyPassword } from "@/lib/auth/password";

export type ChangePasswordResult = { ok: true; sessionVersion: number } | { ok: false; field: "currentPassword"; message: string };

/** Changes the password and ends every other session of the user. */
export async function changePassword(userId: string, currentPassword: string, newPassword: string, ip: string): Promise<ChangePasswordResult> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, currentPassword))) {
    return { ok: false, field: "currentPassword", message: "Your current password is incorrect." };
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
