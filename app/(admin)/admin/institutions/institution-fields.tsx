import { Field } from "@/components/ui/field";
import type { InstitutionValues } from "@/lib/institutions/schema";

/** The institution's details, shared by the create and edit forms. */
export function InstitutionFields({ values, errors }: { values?: InstitutionValues; errors: Record<string, string> }) {
  const lines = values?.addressLines ?? [];
  return (
    <>
      <Field label="Name" name="name" required maxLength={30} defaultValue={values?.name} error={errors.name} />
      <div className="grid gap-4 sm:grid-cols-3">
        {[0, 1, 2].map((n) => (
          <Field
            key={n}
            label={`Address line ${n + 1}`}
            name={`addressLine${n}`}
            maxLength={30}
            defaultValue={lines[n] ?? ""}
            error={errors[`addressLines.${n}`]}
          />
        ))}
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="City" name="city" maxLength={30} defaultValue={values?.city} error={errors.city} />
        <Field label="State" name="state" maxLength={2} hint="Two letters, e.g. NY" defaultValue={values?.state} error={errors.state} />
        <Field label="ZIP code" name="zip" inputMode="numeric" maxLength={5} defaultValue={values?.zip} error={errors.zip} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Contact name" name="contactName" maxLength={30} defaultValue={values?.contactName} error={errors.contactName} />
        <Field label="Contact email" name="contactEmail" type="email" defaultValue={values?.contactEmail} error={errors.contactEmail} />
      </div>
    </>
  );
}

export function institutionBody(data: FormData) {
  const s = (name: string) => String(data.get(name) ?? "");
  return {
    name: s("name"),
    addressLines: [s("addressLine0"), s("addressLine1"), s("addressLine2")],
    city: s("city"),
    state: s("state"),
    zip: s("zip"),
    contactName: s("contactName"),
    contactEmail: s("contactEmail"),
  };
}
