import "server-only";
import { currentUser } from "@/lib/auth/gate";
import { prisma } from "@/lib/db";
import { hashSecretToken } from "@/lib/access/codes";
import { AppError } from "@/lib/errors";

/**
 * Program administrators' K-12 endpoints: a signed-in ADMIN, or an admin API bearer token
 * (what end-to-end suites and loading scripts use).
 */
export async function authorizeProgramAdmin(request: Request): Promise<{ userId: string | null; label: string }> {
  const header = request.headers.get("authorization") ?? "";
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) {
    const token = await prisma.adminApiToken.findUnique({ where: { tokenHash: hashSecretToken(bearer) }, select: { id: true, name: true, prefix: true, revokedAt: true } });
    if (!token || token.revokedAt) throw new AppError("UNAUTHENTICATED", "The admin API token is not valid.");
    await prisma.adminApiToken.update({ where: { id: token.id }, data: { lastUsedAt: new Date() } });
    return { userId: null, label: `token ${token.prefix}… (${token.name})` };
  }
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in as a program administrator or send an admin API token.");
  if (user.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only program administrators may do this.");
  return { userId: user.id, label: user.email };
}
