"use client";
import { useState } from "react";
import { useApi } from "@/components/api/use-api";
import type { MessageResponse } from "@/lib/accounts/serializers";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

interface ProfileValues {
  firstName: string;
  lastName: string;
  orgZip: string;
  organizationName: string;
  jobFunction: string;
}

export function ProfileForm({ initial, jobFunctions }: { initial: ProfileValues; jobFunctions: string[] }) {
  const [done, setDone] = useState<string | null>(null);
  const form = useApi<MessageResponse>("POST", "/api/account/profile", {
    onSuccess: (answer) => setDone(answer.message),
    // The header shows the name: re-render the server parts.
    refresh: true,
  });
  const e = form.fieldErrors;
  return (
    <form
      method="post"
      onSubmit={(event) => {
        setDone(null);
        void form.onSubmit(event);
      }}
      className="max-w-xl space-y-4"
      noValidate
    >
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      {done ? (
        <Notice tone="success" testId="form-success">
          {done}
        </Notice>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="First name" name="firstName" autoComplete="given-name" required defaultValue={initial.firstName} error={e.firstName} />
        <Field label="Last name" name="lastName" autoComplete="family-name" required defaultValue={initial.lastName} error={e.lastName} />
      </div>
      <Field
        label="U.S. ZIP code of your organization"
        name="orgZip"
        inputMode="numeric"
        autoComplete="postal-code"
        maxLength={5}
        defaultValue={initial.orgZip}
        error={e.orgZip}
      />
      <Field
        label="Where do you work?"
        name="organizationName"
        autoComplete="organization"
        required
        defaultValue={initial.organizationName}
        error={e.organizationName}
      />
      <div className="space-y-1">
        <label htmlFor="profile-jobFunction" className="block text-sm font-semibold text-slate-800">
          What is your primary job function?
        </label>
        <select
          id="profile-jobFunction"
          name="jobFunction"
          required
          defaultValue={initial.jobFunction}
          aria-invalid={e.jobFunction ? true : undefined}
          aria-describedby={e.jobFunction ? "profile-jobFunction-error" : undefined}
          className={`block w-full rounded border bg-white px-3 py-2 text-sm ${e.jobFunction ? "border-red-600" : "border-slate-400"}`}
        >
          {jobFunctions.includes(initial.jobFunction) ? null : <option value={initial.jobFunction}>{initial.jobFunction}</option>}
          {jobFunctions.map((j) => (
            <option key={j} value={j}>
              {j}
            </option>
          ))}
        </select>
        {e.jobFunction ? (
          <p id="profile-jobFunction-error" className="text-sm text-red-700">
            {e.jobFunction}
          </p>
        ) : null}
      </div>
      <Button type="submit" disabled={!form.ready} pending={form.pending} pendingLabel="Saving…">
        Submit Changes
      </Button>
    </form>
  );
}
