"use client";
import { useState } from "react";
import { useJsonForm } from "@/components/forms/use-json-form";
import { buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

interface Answer {
  next: "done" | "mfa";
  redirectTo: string;
  ticket?: string;
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [ticket, setTicket] = useState<string | null>(null);
  const password = useJsonForm<Answer>("/api/account/sign-in", {
    toBody: (d) => ({ email: String(d.get("email") ?? ""), password: String(d.get("password") ?? ""), callbackUrl }),
    onSuccess: (answer) => (answer.next === "mfa" && answer.ticket ? setTicket(answer.ticket) : window.location.assign(answer.redirectTo)),
  });
  const mfa = useJsonForm<Answer>("/api/account/mfa", {
    toBody: (d) => ({ ticket, code: String(d.get("code") ?? ""), callbackUrl }),
    onSuccess: (answer) => window.location.assign(answer.redirectTo),
  });

  if (ticket) {
    return (
      <form method="post" onSubmit={mfa.onSubmit} className="space-y-4" noValidate aria-describedby="mfa-help">
        <p id="mfa-help" className="text-sm text-slate-700">
          Multifactor authentication is on for this account. Enter the 6-digit code from your authenticator app, or one of your recovery codes.
        </p>
        {mfa.message ? <Notice tone="error" testId="form-error">{mfa.message}</Notice> : null}
        <Field label="Verification code" name="code" autoComplete="one-time-code" inputMode="text" required error={mfa.fieldErrors.code} autoFocus />
        <button type="submit" className={buttonClass()} disabled={!mfa.ready || mfa.pending}>
          {mfa.pending ? "Verifying…" : "Verify"}
        </button>
      </form>
    );
  }

  return (
    <form method="post" onSubmit={password.onSubmit} className="space-y-4" noValidate>
      {password.message ? <Notice tone="error" testId="form-error">{password.message}</Notice> : null}
      <Field label="Email address" name="email" type="email" autoComplete="username" required error={password.fieldErrors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={password.fieldErrors.password} />
      <button type="submit" className={`${buttonClass()} w-full`} disabled={!password.ready || password.pending}>
        {password.pending ? "Signing in…" : "Sign In"}
      </button>
    </form>
  );
}
