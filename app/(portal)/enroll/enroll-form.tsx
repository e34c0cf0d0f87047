"use client";
import Link from "next/link";
import { useId, useRef, useState } from "react";
import { useApi } from "@/components/api/use-api";
import type { RedeemedResponse } from "@/lib/enrollment/serializers";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { OrganizationCombobox, type Organization } from "./organization-combobox";

export function EnrollForm({
  preselected,
  initialZip,
  atLimit,
  maxInstitutions,
}: {
  preselected: Organization | null;
  initialZip: string;
  atLimit: boolean;
  maxInstitutions: number;
}) {
  const formRef = useRef<HTMLFormElement>(null);
  const zipId = useId();
  const codeId = useId();
  const [zip, setZip] = useState(initialZip);
  const [organization, setOrganization] = useState<Organization | null>(preselected);
  const [success, setSuccess] = useState<string | null>(null);
  const form = useApi<RedeemedResponse>("POST", "/api/enrollment/redeem", {
    toBody: (d) => ({ organizationId: organization?.id ?? "", accessCode: String(d.get("accessCode") ?? "") }),
    onSuccess: (answer) => {
      setSuccess(answer.message);
      formRef.current?.reset();
    },
    refresh: true,
  });
  const e = form.fieldErrors;
  const zipInvalid = zip.trim() !== "" && !/^\d{5}$/.test(zip.trim());

  return (
    <form
      ref={formRef}
      method="post"
      onSubmit={(event) => {
        setSuccess(null);
        void form.onSubmit(event);
      }}
      className="space-y-5"
      noValidate
    >
      {form.message ? (
        <Notice tone="error" testId="enroll-error">
          {form.message}
        </Notice>
      ) : null}
      {success ? (
        <Notice tone="success" testId="enroll-success">
          {success}
        </Notice>
      ) : null}
      {atLimit ? (
        <Notice tone="warning">
          Your account has access to {maxInstitutions} institutions, the most one account may hold. Leave an institution under Your access before adding
          another.
        </Notice>
      ) : null}

      <div className="space-y-1">
        <label htmlFor={zipId} className="block text-sm text-slate-800">
          <b>U.S. ZIP code:</b> <small>This is to narrow your choices</small>
        </label>
        <input
          id={zipId}
          type="text"
          inputMode="numeric"
          autoComplete="postal-code"
          maxLength={5}
          value={zip}
          onChange={(ev) => setZip(ev.target.value.replace(/\D/g, ""))}
          aria-invalid={zipInvalid ? true : undefined}
          aria-describedby={zipInvalid ? `${zipId}-hint` : undefined}
          className="block w-40 rounded border border-slate-400 px-3 py-2 text-sm shadow-sm"
        />
        {zipInvalid ? (
          <p id={`${zipId}-hint`} className="text-xs text-slate-700">
            Enter all 5 digits to narrow the list.
          </p>
        ) : null}
      </div>

      <OrganizationCombobox zip={zip.trim()} value={organization} onChange={setOrganization} error={e.organizationId} />

      <div className="space-y-1">
        <label htmlFor={codeId} className="block text-sm text-slate-800">
          <b>Access Code:</b> <small>enter code</small>
        </label>
        <input
          id={codeId}
          name="accessCode"
          type="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={64}
          aria-invalid={e.accessCode ? true : undefined}
          aria-describedby={e.accessCode ? `${codeId}-error` : undefined}
          className={`block w-full rounded border px-3 py-2 font-mono text-sm shadow-sm ${e.accessCode ? "border-red-600" : "border-slate-400"}`}
        />
        {e.accessCode ? (
          <p id={`${codeId}-error`} className="text-sm text-red-700" data-testid="access-code-error">
            {e.accessCode}
          </p>
        ) : null}
      </div>

      <p className="flex items-center gap-4">
        <Link href="/dashboard">Enroll Later</Link>
        <Button type="submit" disabled={!form.ready || form.pending} pending={form.pending} pendingLabel="Adding…">
          Add
        </Button>
      </p>
    </form>
  );
}
