"use client";
import { useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { FormError, useApiForm } from "../../_components/api-form";
import type { InstitutionValues } from "@/lib/institutions/schema";
import { InstitutionFields, institutionBody } from "../institution-fields";

export function EditInstitutionForm({ diCode, values }: { diCode: string; values: InstitutionValues }) {
  const [saved, setSaved] = useState(false);
  const form = useApiForm("PATCH", `/api/admin/institutions/${diCode}`, {
    toBody: (d) => {
      setSaved(false);
      return institutionBody(d);
    },
    onSuccess: () => setSaved(true),
  });
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <FormError message={form.message} />
      {saved ? <Notice tone="success">The changes were saved.</Notice> : null}
      <InstitutionFields values={values} errors={form.fieldErrors} />
      <button type="submit" className={buttonClass()} disabled={form.pending || !form.ready}>
        {form.pending ? "Saving…" : "Save Changes"}
      </button>
    </form>
  );
}
