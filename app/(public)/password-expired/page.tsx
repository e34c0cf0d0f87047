import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ChangePasswordForm } from "@/app/(portal)/settings/change-password-form";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { currentUser } from "@/lib/auth/gate";
import { isPasswordExpired, passwordExpiresAt } from "@/lib/auth/mutations";
import { formatLongDate } from "@/lib/dates";

export const metadata: Metadata = { title: "Change Your Expired Password" };

/**
 * Signing in with an expired password leads here before any portal page (every page gate
 * redirects here; route handlers refuse). Changing it continues the session.
 */
export default async function PasswordExpiredPage() {
  const user = await currentUser();
  if (!user) redirect("/signin");
  if (!isPasswordExpired(user.passwordChangedAt)) redirect("/");
  const expiredOn = passwordExpiresAt(user.passwordChangedAt);
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="mb-1 text-2xl font-bold text-brand-900">Change Your Expired Password</h1>
        <div className="mb-4">
          <Notice tone="warning" testId="password-expired">
            Your password expired{expiredOn ? ` on ${formatLongDate(expiredOn)}` : ""}. Passwords must be updated periodically: choose a new password to
            continue. Calls to the web service with the old password will fail; update your scripts with the new one.
          </Notice>
        </div>
        <ChangePasswordForm redirectTo="/" />
      </Card>
    </div>
  );
}
