"use client";
import { useApi } from "@/components/api/use-api";
import type { RedirectResponse } from "@/lib/accounts/serializers";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

export function SignUpForm({ jobFunctions, passwordMin }: { jobFunctions: string[]; passwordMin: number }) {
  const form = useApi<RedirectResponse>("POST", "/api/account/sign-up", {
    onSuccess: (answer) => window.location.assign(answer.redirectTo),
  });
  const e = form.fieldErrors;
  return (
    <form method="post" onSubmit={form.onSubmit} className="space-y-8" noValidate>
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold text-brand-900">Account Information</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="First name" name="firstName" autoComplete="given-name" required error={e.firstName} />
          <Field label="Last name" name="lastName" autoComplete="family-name" required error={e.lastName} />
        </div>
        <Field label="Email address" name="email" type="email" autoComplete="email" required error={e.email} />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint={`At least ${passwordMin} characters. Long passphrases are welcome; common passwords are refused.`}
            error={e.password}
          />
          <Field label="Confirm password" name="confirmPassword" type="password" autoComplete="new-password" required error={e.confirmPassword} />
        </div>
      </fieldset>
      <fieldset className="space-y-4">
        <legend className="mb-2 text-lg font-semibold text-brand-900">Professional Information</legend>
        <p className="text-sm text-slate-700">Tell us where you work. It may be helpful to start with a ZIP code.</p>
        <Field label="U.S. ZIP code of your organization" name="orgZip" inputMode="numeric" autoComplete="postal-code" maxLength={5} error={e.orgZip} />
        <Field label="Where do you work?" name="organizationName" autoComplete="organization" required error={e.organizationName} />
        <div className="space-y-1">
          <div className="flex gap-1 text-sm font-semibold text-slate-800">
            <label htmlFor="jobFunction">What is your primary job function?</label>
            <span className="text-red-700" aria-hidden="true">
              *
            </span>
          </div>
          <select
            id="jobFunction"
            name="jobFunction"
            required
            defaultValue=""
            aria-invalid={e.jobFunction ? true : undefined}
            aria-describedby={e.jobFunction ? "jobFunction-error" : undefined}
            className={`block w-full rounded border bg-white px-3 py-2 text-sm ${e.jobFunction ? "border-red-600" : "border-slate-400"}`}
          >
            <option value="" disabled>
              Select…
            </option>
            {jobFunctions.map((j) => (
              <option key={j} value={j}>
                {j}
              </option>
            ))}
          </select>
          {e.jobFunction ? (
            <p id="jobFunction-error" className="text-sm text-red-700">
              {e.jobFunction}
            </p>
          ) : null}
        </div>
      </fieldset>
      <Button type="submit" disabled={!form.ready || form.pending} pending={form.pending} pendingLabel="Creating your account…">
        Create Account
      </Button>
    </form>
  );
}
