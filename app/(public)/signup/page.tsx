import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { JOB_FUNCTIONS, PASSWORD_MIN } from "@/lib/accounts/schema";
import { SignUpForm } from "./sign-up-form";

export const metadata: Metadata = { title: "Create Your Educator Account" };

export default function SignUpPage() {
  return (
    <div className="mx-auto max-w-2xl">
      <Card>
        <h1 className="mb-1 text-2xl font-bold text-brand-900">Create Your Educator Account</h1>
        <p className="mb-2 text-sm text-slate-700">
          To get started, tell us more about yourself, verify your institutional email, and let us know about the work that you do.
        </p>
        <p className="mb-6 text-sm text-slate-700">
          We strongly recommend you use a school-issued email address and not your personal email. <span aria-hidden="true">*</span> = Required
        </p>
        <SignUpForm jobFunctions={[...JOB_FUNCTIONS]} passwordMin={PASSWORD_MIN} />
        <p className="mt-6 text-sm text-slate-700">
          Already have an account? <Link href="/signin">Sign in</Link>
        </p>
      </Card>
    </div>
  );
}
