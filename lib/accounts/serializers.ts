/**
 * Answers of /api/account/*, shared by the routes (which build them) and the sign-in,
 * sign-up and settings forms (which read them).
 */
import type { AppPasswordSummary } from "@/lib/accounts/queries";
import type { MfaSetup } from "@/lib/accounts/mutations";

/** Where the browser goes next. */
export interface RedirectResponse {
  /** "verify-email": the account exists but is usable once the emailed link is opened. */
  next?: "done" | "verify-email";
  redirectTo: string;
}

/** POST /api/account/sign-in: the MFA step, or done. */
export type SignInResponse = { next: "mfa"; ticket: string; redirectTo: string } | { next: "done"; redirectTo: string };

/** POST /api/account/verify-email/resend: where the new link went. */
export interface VerificationSent {
  sentTo: string;
}

/** A change that answers with a sentence for the page. */
export interface MessageResponse {
  ok: true;
  message: string;
}

/** POST /api/account/app-passwords (201): the secret is in this answer only. */
export interface AppPasswordCreated {
  id: string;
  name: string;
  prefix: string;
  secret: string;
}

export function serializeAppPassword(password: AppPasswordSummary, secret: string): AppPasswordCreated {
  return { id: password.id, name: password.name, prefix: password.prefix, secret };
}

/** POST /api/account/mfa-setup. */
export type MfaSetupResponse = MfaSetup;

/** POST /api/account/mfa-setup/confirm: shown once. */
export interface RecoveryCodesResponse {
  recoveryCodes: string[];
}
