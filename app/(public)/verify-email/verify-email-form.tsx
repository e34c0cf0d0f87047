"use client";
import { useJsonForm } from "@/components/forms/use-json-form";
import { buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function VerifyEmailForm({ token }: { token: string }) {
  const form = useJsonForm<{ redirectTo: string }>("/api/account/verify-email", {
    toBody: (d) => ({ token, password: String(d.get("password") ?? "") }),
    onSuccess: (answer) => window.location.assign(answer.redirectTo),
  });
  return (
    <form method="post" onSubmit={form.onSubmit} className="space-y-4" noValidate>
      {form.message ? <Notice tone="error" testId="form-error">{form.message}</Notice> : null}
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={form.fieldErrors.password} />
      <button type="submit" className={buttonClass("primary")} disabled={!form.ready || form.pending}>
        {form.pending ? "Confirming…" : "Confirm Email Address"}
      </button>
    </form>
  );
}
