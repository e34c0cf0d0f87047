import "server-only";
import { currentUser, type SessionUser } from "@/lib/auth/gate";
import { AppError } from "@/lib/errors";

/** Route handlers of the portal: signed in (401) and the current terms accepted (403), as pages require. */
export async function requirePortalApiUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to download score reports.");
  if (!user.termsAccepted) throw new AppError("FORBIDDEN", "Accept the site terms of use before downloading score reports.");
  return user;
}
