import "server-only";
import { authorizeInstitution, currentUser, type AuthorizedInstitution, type SessionUser } from "@/lib/auth/gate";
import { isPasswordExpired } from "@/lib/auth/credentials";
import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";

/**
 * Route handlers of signed-in areas: 401 when signed out, 403 until the current terms are
 * accepted. `doing` completes the messages, e.g. "download score reports".
 */
export async function requireApiUser(doing: string, options: { terms?: boolean } = {}): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", `Sign in to ${doing}.`);
  if (isPasswordExpired(user.passwordChangedAt)) throw new AppError("FORBIDDEN", `Your password has expired. Change it before you ${doing}.`);
  if ((options.terms ?? true) && !user.termsAccepted) throw new AppError("FORBIDDEN", `Accept the site terms of use before you ${doing}.`);
  return user;
}

/** The same, plus the institution named in the request (or the selected one) where the user holds `permission`. */
export async function requireApiInstitution(
  permission: Permission,
  doing: string,
  institutionId: string | undefined,
): Promise<{ user: SessionUser; institution: AuthorizedInstitution }> {
  const user = await requireApiUser(doing);
  const institution = await authorizeInstitution(user.id, permission, institutionId ? { id: institutionId } : { selectedId: user.selectedOrganizationId });
  return { user, institution };
}
