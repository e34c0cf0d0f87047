import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { VerifyEmailForm } from "./verify-email-form";

export const metadata: Metadata = { title: "Confirm Your Email Address" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  return (
    <div className="mx-auto max-w-md">
      <Card>
        <h1 className="mb-1 text-2xl font-bold text-brand-900">Confirm Your Email Address</h1>
        <p className="mb-6 text-sm text-slate-700">Enter the password you chose when you created your account to confirm that this email address is yours.</p>
        <VerifyEmailForm token={token} />
      </Card>
    </div>
  );
}
