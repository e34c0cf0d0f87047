import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { SignOutButton } from "@/components/sign-out-button";
import { sessionAccount } from "@/lib/auth/gate";
import { VERIFICATION_MINUTES } from "@/lib/identity/verification";
import { ResendButton } from "./resend-button";

export const metadata: Metadata = { title: "Check Your Email" };

/**
 * Where a new registration lands, and the only page an unverified account can reach. After
 * sign-up it says the same thing whether or not the address already had an account.
 */
export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const account = await sessionAccount();
  if (account?.emailVerified) redirect("/dashboard");
  return (
    <div className="mx-auto max-w-xl">
      <Card>
        <h1 className="mb-3 text-2xl font-bold text-brand-900">Check Your Email</h1>
        {account ? (
          <div className="space-y-4 text-sm text-slate-700">
            <Notice tone="warning" testId="verify-required">
              Confirm your email address to continue. Until you do, this account cannot see score reports, add an access code or receive access from your
              institution.
            </Notice>
            <p>
              We sent a link to <strong data-testid="account-email">{account.email}</strong>. Open it within {VERIFICATION_MINUTES} minutes and enter your
              password.
            </p>
            <ResendButton />
            <div className="rounded bg-brand-900 p-2">
              <SignOutButton />
            </div>
          </div>
        ) : (
          <div className="space-y-4 text-sm text-slate-700">
            {params.sent ? (
              <Notice tone="success" testId="sign-up-sent">
                Thank you. We sent an email to the address you entered.
              </Notice>
            ) : null}
            <p>
              To finish creating your account, open the link in that email within {VERIFICATION_MINUTES} minutes and enter the password you chose. If the
              address already has an account, the email says so instead.
            </p>
            <p>
              No email? Check your spam folder, or <Link href="/signin">sign in</Link> to send a new link.
            </p>
          </div>
        )}
      </Card>
    </div>
  );
}
