"use client";
import { useRouter } from "next/navigation";
import { buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError, useApiForm } from "../_components/api-form";
import { InstitutionFields, institutionBody } from "./institution-fields";

export function CreateInstitutionForm() {
  const router = useRouter();
  const form = useApiForm<{ institution: { diCode: string } }>("POST", "/api/admin/institutions", {
    toBody: (d) => ({ diCode: String(d.get("diCode") ?? ""), ...institutionBody(d) }),
    onSuccess: (answer) => router.push(`/admin/institutions/${answer.institution.diCode}?created=1`),
    refresh: false,
  });
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <FormError message={form.message} />
      <Field label="DI code" name="diCode" required inputMode="numeric" maxLength={6} hint="4 to 6 digits" error={form.fieldErrors.diCode} className="max-w-xs space-y-1" />
      <InstitutionFields errors={form.fieldErrors} />
      <button type="submit" className={buttonClass()} disabled={form.pending || !form.ready}>
        {form.pending ? "Creating…" : "Create Institution"}
      </button>
    </form>
  );
}
