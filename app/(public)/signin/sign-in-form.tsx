"use client";
import { useState } from "react";
import { useApi } from "@/components/api/use-api";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

import type { SignInResponse } from "@/lib/accounts/serializers";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [ticket, setTicket] = useState<string | null>(null);
  const password = useApi<SignInResponse>("POST", "/api/account/sign-in", {
    toBody: (d) => ({ email: String(d.get("email") ?? ""), password: String(d.get("password") ?? ""), callbackUrl }),
    onSuccess: (answer) => (answer.next === "mfa" ? setTicket(answer.ticket) : window.location.assign(answer.redirectTo)),
  });
  const mfa = useApi<SignInResponse>("POST", "/api/account/mfa", {
    toBody: (d) => ({ ticket, code: String(d.get("code") ?? ""), callbackUrl }),
    onSuccess: (answer) => window.location.assign(answer.redirectTo),
  });

  if (ticket) {
    return (
      <form method="post" onSubmit={mfa.onSubmit} className="space-y-4" noValidate aria-describedby="mfa-help">
        <p id="mfa-help" className="text-sm text-slate-700">
          Multifactor authentication is on for this account. Enter the 6-digit code from your authenticator app, or one of your recovery codes.
        </p>
        {mfa.message ? (
          <Notice tone="error" testId="form-error">
            {mfa.message}
          </Notice>
        ) : null}
        {/* The code field replaces the password form: focus moves to it so the next keystrokes land there. */}
        {/* eslint-disable-next-line jsx-a11y/no-autofocus */}
        <Field label="Verification code" name="code" autoComplete="one-time-code" inputMode="text" required error={mfa.fieldErrors.code} autoFocus />
        <Button type="submit" disabled={!mfa.ready || mfa.pending} pending={mfa.pending} pendingLabel="Verifying…">
          Verify
        </Button>
      </form>
    );
  }

  return (
    <form method="post" onSubmit={password.onSubmit} className="space-y-4" noValidate>
      {password.message ? (
        <Notice tone="error" testId="form-error">
          {password.message}
        </Notice>
      ) : null}
      <Field label="Email address" name="email" type="email" autoComplete="username" required error={password.fieldErrors.email} />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={password.fieldErrors.password} />
      <Button className="w-full" type="submit" disabled={!password.ready || password.pending}>
        {password.pending ? "Signing in…" : "Sign In"}
      </Button>
    </form>
  );
}
