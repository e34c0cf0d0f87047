import "server-only";
import { authorizeInstitution, currentUser, sessionAccount, type AuthorizedInstitution, type SessionUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";

/**
 * Route handlers of signed-in areas: 401 when signed out, 403 until the email address is
 * verified and the current terms are accepted. `doing` completes the messages, e.g. "download score reports".
 */
export async function requireApiUser(doing: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    if (await sessionAccount()) throw new AppError("FORBIDDEN", `Confirm your email address before you ${doing}: open the link we emailed you, or send a new one from the Check Your Email page.`);
    throw new AppError("UNAUTHENTICATED", `Sign in to ${doing}.`);
  }
  if (!user.termsAccepted) throw new AppError("FORBIDDEN", `Accept the site terms of use before you ${doing}.`);
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
