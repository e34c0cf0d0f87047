"use client";
import { useApi } from "@/components/api/use-api";
import type { RedirectResponse } from "@/lib/accounts/serializers";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function VerifyEmailForm({ token }: { token: string }) {
  const form = useApi<RedirectResponse>("POST", "/api/account/verify-email", {
    toBody: (d) => ({ token, password: String(d.get("password") ?? "") }),
    onSuccess: (answer) => window.location.assign(answer.redirectTo),
  });
  return (
    <form method="post" onSubmit={form.onSubmit} className="space-y-4" noValidate>
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={form.fieldErrors.password} />
      <Button type="submit" disabled={!form.ready} pending={form.pending} pendingLabel="Confirming…">
        Confirm Email Address
      </Button>
    </form>
  );
}
