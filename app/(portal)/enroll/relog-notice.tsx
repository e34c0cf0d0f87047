import { SignOutButton } from "@/components/sign-out-button";
import { Notice } from "@/components/ui/notice";

/**
 * Seed 000, step 3, shown once a new user has added an access code: sign out and in again,
 * then the portal asks for the site terms of use (which also activate the daily email).
 */
export function RelogNotice() {
  return (
    <div className="mb-6" data-testid="relog-notice">
      <Notice tone="info" title="Next: sign in to the portal and accept the site terms of use">
        <p className="mt-1">
          If you&apos;ve just added your access code, you must log out and log back in again for the change to take effect and for you to be able to access the
          portal. Then accept the site terms of use and navigate to the user dashboard: this activates the daily email notifications about new score reports and
          authorizes your account to use the web service.
        </p>
        <div className="mt-3">
          <SignOutButton variant="primary" />
        </div>
      </Notice>
    </div>
  );
}
