import type { Metadata } from "next";
import { Card, PageTitle } from "@/components/ui/card";
import { requireUser } from "@/lib/auth/gate";
import { isPasswordExpired } from "@/lib/auth/credentials";
import { Notice } from "@/components/ui/notice";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Account Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  const expired = isPasswordExpired(user.passwordChangedAt);
  return (
    <>
      <PageTitle subtitle={user.email}>Account Settings</PageTitle>
      <Card className="mb-6">
        <h2 className="mb-1 text-lg font-semibold text-brand-900">Change password</h2>
        <p className="mb-4 text-sm text-slate-700">
          Password last changed {user.passwordChangedAt.toLocaleDateString("en-US", { timeZone: "America/New_York", dateStyle: "long" })}.
          Changing it signs out your other sessions; update any web-service scripts that use it.
        </p>
        {expired ? (
          <div className="mb-4">
            <Notice tone="warning">Your password has expired. Web-service calls with it will fail until you change it.</Notice>
          </div>
        ) : null}
        <ChangePasswordForm />
      </Card>
    </>
  );
}
