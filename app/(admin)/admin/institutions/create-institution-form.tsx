"use client";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { useApi } from "@/components/api/use-api";
import type { InstitutionSaved } from "@/lib/institutions/serializers";
import { FormError } from "../_components/form-helpers";
import { InstitutionFields, institutionBody } from "./institution-fields";

export function CreateInstitutionForm() {
  const router = useRouter();
  const form = useApi<InstitutionSaved>("POST", "/api/admin/institutions", {
    toBody: (d) => ({ diCode: String(d.get("diCode") ?? ""), ...institutionBody(d) }),
    onSuccess: (answer) => router.push(`/admin/institutions/${answer.institution.diCode}?created=1`),
  });
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <FormError message={form.message} />
      <Field
        label="DI code"
        name="diCode"
        required
        inputMode="numeric"
        maxLength={6}
        hint="4 to 6 digits"
        error={form.fieldErrors.diCode}
        className="max-w-xs space-y-1"
      />
      <InstitutionFields errors={form.fieldErrors} />
      <Button type="submit" disabled={form.pending || !form.ready} pending={form.pending} pendingLabel="Creating…">
        Create Institution
      </Button>
    </form>
  );
}
