import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card, PageTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/gate";
import { isPasswordExpired, passwordExpiresAt } from "@/lib/auth/mutations";
import { readProfile } from "@/lib/accounts/profile";
import { JOB_FUNCTIONS } from "@/lib/accounts/schema";
import { mfaStatus } from "@/lib/accounts/queries";
import { formatLongDate } from "@/lib/dates";
import { MfaSection } from "../settings/mfa-section";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "My Profile" };

/** View/Edit My Profile: account information, password expiration, and the MFA section (seed 000). */
export default async function ProfilePage() {
  const user = await requireUser();
  const [profile, mfa] = await Promise.all([readProfile(user.id), mfaStatus(user.id)]);
  if (!profile) redirect("/signin");
  const expiresAt = passwordExpiresAt(profile.passwordChangedAt);
  const expired = isPasswordExpired(profile.passwordChangedAt);
  return (
    <>
      <PageTitle subtitle={profile.email}>My Profile</PageTitle>
      <Card className="mb-6">
        <h2 className="mb-4 text-lg font-semibold text-brand-900">Account Information</h2>
        <ProfileForm
          initial={{
            firstName: profile.firstName,
            lastName: profile.lastName,
            orgZip: profile.orgZip ?? "",
            organizationName: profile.organizationName,
            jobFunction: profile.jobFunction,
          }}
          jobFunctions={[...JOB_FUNCTIONS]}
        />
      </Card>
      <Card className="mb-6">
        <h2 className="mb-1 text-lg font-semibold text-brand-900">Password</h2>
        <p className="text-sm text-slate-800" data-testid="password-expiration">
          {expiresAt
            ? expired
              ? `Your password expired on ${formatLongDate(expiresAt)}.`
              : `Your password expires on ${formatLongDate(expiresAt)}.`
            : "Your password does not expire."}{" "}
          Last changed {formatLongDate(profile.passwordChangedAt)}.
        </p>
        <p className="mt-2 text-sm">
          <Link href="/settings">Change your password</Link> in Account Settings. Passwords must be updated periodically; if your password has expired, calls to
          the web service will fail.
        </p>
      </Card>
      <Card className="mb-6">
        <h2 id="mfa" className="mb-1 text-lg font-semibold text-brand-900">
          Multifactor Authentication (MFA)
        </h2>
        <p className="mb-4 text-sm text-slate-700">
          Ask for a code from an authenticator app at every sign-in, in addition to your password. MFA isn&apos;t an available option for accounts used to call
          the web service with the account password: calls will fail while it is on (app passwords still work).
        </p>
        <MfaSection enabled={mfa.enabled} recoveryCodesLeft={mfa.recoveryCodesLeft} />
      </Card>
    </>
  );
}
