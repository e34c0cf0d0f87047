import "server-only";
import { authorizeInstitution, currentUser, type AuthorizedInstitution, type SessionUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";
import type { Permission } from "@/lib/permissions";

/**
 * The PDF endpoints' gate: a signed-in user who accepted the terms and holds `permission` at
 * the institution named (or, without one, the institution selected in the portal).
 */
export async function pdfInstitution(permission: Permission, institutionId?: string): Promise<{ user: SessionUser; institution: AuthorizedInstitution }> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to look up and download score reports.");
  if (!user.termsAccepted) throw new AppError("FORBIDDEN", "Accept the site terms of use before using the portal.");
  const institution = await authorizeInstitution(
    user.id,
    permission,
    institutionId !== undefined ? { id: institutionId } : { selectedId: user.selectedOrganizationId },
  );
  return { user, institution };
}
