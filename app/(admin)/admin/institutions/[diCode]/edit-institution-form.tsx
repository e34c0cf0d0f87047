"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import { useApi } from "@/components/api/use-api";
import { FormError } from "../../_components/form-helpers";
import type { InstitutionValues } from "@/lib/institutions/schema";
import { InstitutionFields, institutionBody } from "../institution-fields";

export function EditInstitutionForm({ diCode, values }: { diCode: string; values: InstitutionValues }) {
  const [saved, setSaved] = useState(false);
  const form = useApi("PATCH", `/api/admin/institutions/${diCode}`, {
    refresh: true,
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
      <Button type="submit" disabled={form.pending || !form.ready} pending={form.pending} pendingLabel="Saving…">
        Save Changes
      </Button>
    </form>
  );
}
