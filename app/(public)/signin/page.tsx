import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { sessionAccount } from "@/lib/auth/gate";
import { safeCallbackUrl } from "@/lib/accounts/schema";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign In" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(typeof params.callbackUrl === "string" ? params.callbackUrl : undefined);
  const account = await sessionAccount();
  if (account) redirect(account.emailVerified ? callbackUrl : "/check-email");
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="mb-1 text-2xl font-bold text-brand-900">Sign In</h1>
        <p className="mb-6 text-sm text-slate-700">Use your educator account to view and download AP score reports sent to your institution.</p>
        {params.idle ? (
          <div className="mb-4">
            <Notice tone="info" testId="idle-signed-out">
              You were signed out after 30 minutes without activity. Sign in again to continue.
            </Notice>
          </div>
        ) : null}
        {params.signedOut ? (
          <div className="mb-4">
            <Notice tone="success">You have signed out.</Notice>
          </div>
        ) : null}
        <SignInForm callbackUrl={callbackUrl} />
        <p className="mt-6 text-sm text-slate-700">
          Don&apos;t have an account? <Link href="/signup">Create your educator account</Link>
        </p>
      </Card>
    </div>
  );
}
