import "server-only";
import { authorizeInstitution, currentUser, type AuthorizedInstitution, type SessionUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";

/**
 * Route handlers of the portal (notifications, webhooks, activity): signed in, terms accepted,
 * and `permission` at the institution named in the request (or the selected one).
 */
export async function portalApiInstitution(permission: Permission, institutionId: string | undefined): Promise<{ user: SessionUser; institution: AuthorizedInstitution }> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  if (!user.termsAccepted) throw new AppError("FORBIDDEN", "Accept the site terms of use first.");
  const institution = await authorizeInstitution(user.id, permission, institutionId ? { id: institutionId } : { selectedId: user.selectedOrganizationId });
  return { user, institution };
}
