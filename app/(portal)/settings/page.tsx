import Link from "next/link";
import type { Metadata } from "next";
import { Card, PageTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/gate";
import { isPasswordExpired } from "@/lib/auth/mutations";
import { Notice } from "@/components/ui/notice";
import { ChangePasswordForm } from "./change-password-form";
import { listAppPasswords, mfaStatus } from "@/lib/accounts/queries";
import { AppPasswordsSection } from "./app-passwords-section";

export const metadata: Metadata = { title: "Account Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const expired = isPasswordExpired(user.passwordChangedAt);
  const [mfa, appPasswords] = await Promise.all([mfaStatus(user.id), listAppPasswords(user.id)]);
  return (
    <>
      <PageTitle subtitle={user.email}>Account Settings</PageTitle>
      <Card className="mb-6">
        <h2 className="mb-1 text-lg font-semibold text-brand-900">Change password</h2>
        <p className="mb-4 text-sm text-slate-700">
          Password last changed {user.passwordChangedAt.toLocaleDateString("en-US", { timeZone: "America/New_York", dateStyle: "long" })}. Changing it signs out
          your other sessions; update any web-service scripts that use it.
        </p>
        {expired ? (
          <div className="mb-4">
            <Notice tone="warning">Your password has expired. Web-service calls with it will fail until you change it.</Notice>
          </div>
        ) : null}
        <ChangePasswordForm />
      </Card>
      <Card className="mb-6">
        <h2 id="mfa" className="mb-1 text-lg font-semibold text-brand-900">
          Multifactor Authentication (MFA)
        </h2>
        <p className="text-sm text-slate-700">
          MFA is {mfa.enabled ? "Active" : "Inactive"}. Turn it on or off in <Link href="/profile#mfa">View/Edit My Profile</Link>.
        </p>
      </Card>
      <Card className="mb-6">
        <h2 id="app-passwords" className="mb-1 text-lg font-semibold text-brand-900">
          App passwords for the web service
        </h2>
        <p className="mb-4 text-sm text-slate-700">
          Scripts that call the web service can use an app password instead of your account password. App passwords work even when MFA is on, do not expire with
          your account password, and cannot be used to sign in to the portal. Creating one asks for your password (and an MFA code when MFA is on); changing
          your password revokes them unless you choose to keep them. See the <Link href="/docs/web-service">web service reference</Link>.
        </p>
        <AppPasswordsSection
          mfaEnabled={mfa.enabled}
          passwords={appPasswords.map((p) => ({
            id: p.id,
            name: p.name,
            prefix: p.prefix,
            createdAt: p.createdAt.toISOString(),
            lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
          }))}
        />
      </Card>
    </>
  );
}
