import Link from "next/link";
import { Button } from "@/components/ui/button";
import { buttonClass } from "@/components/ui/button-styles";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { CRITERIA_LABELS } from "@/lib/pdf-reports/schema";

/** Fields whose messages show beside them (the rest are spelled out in the page's summary). */
export const FORM_FIELDS = new Set(["start", "end", "lastName", "dateOfBirth", "email"]);

type Values = Record<string, string>;

/** Query parameters every form and link of the page keeps (the institution it was opened for). */
export function KeptFields({ keep }: { keep: Record<string, string> }) {
  return Object.entries(keep).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
}

/** "PDF Report Download Options": new, all, or a custom date range (a plain GET form). */
export function OptionsForm({
  option,
  newCount,
  retention,
  reportingYear,
  bounds,
  values,
  errors,
  keep,
}: {
  option: "new" | "all" | "custom";
  newCount: number;
  retention: string;
  /** The start of the reporting year ("All Student Reports" reach back to it). */
  reportingYear: string;
  bounds: { earliest: string; today: string };
  values: Values;
  errors: Record<string, string>;
  keep: Record<string, string>;
}) {
  return (
    <Card>
      <form method="get" action="/pdf" aria-labelledby="pdf-options-heading">
        <input type="hidden" name="find" value="option" />
        <KeptFields keep={keep} />
        <fieldset>
          <legend id="pdf-options-heading" className="mb-3 text-lg font-semibold text-brand-900">
            PDF Report Download Options<span aria-hidden="true">*</span>
          </legend>
          <p className="mb-3 text-xs text-slate-600">*Required</p>
          <div className="space-y-3">
            <label className="flex gap-2">
              <input type="radio" name="option" value="new" defaultChecked={option === "new"} className="mt-1" />
              <span>
                <strong>New Student Reports:</strong> <span data-testid="pdf-new-count">{newCount}</span> new score report(s)
              </span>
            </label>
            <label className="flex gap-2">
              <input type="radio" name="option" value="all" defaultChecked={option === "all"} className="mt-1" />
              <span>
                <strong>All Student Reports:</strong> View students who had scores reported to your institution since {reportingYear}
              </span>
            </label>
            <label className="flex gap-2">
              <input type="radio" name="option" value="custom" defaultChecked={option === "custom"} className="mt-1" />
              <span>
                <strong>Custom Date Range:</strong> Find students who sent score reports in a specific date range anywhere between {retention} and today.
              </span>
            </label>
            <div className="ml-6 flex flex-wrap gap-4">
              <Field
                id="pdf-start"
                name="start"
                label="Start Date"
                type="date"
                min={bounds.earliest}
                max={bounds.today}
                defaultValue={values.start ?? ""}
                error={errors.start}
              />
              <Field
                id="pdf-end"
                name="end"
                label="End Date"
                type="date"
                min={bounds.earliest}
                max={bounds.today}
                defaultValue={values.end ?? ""}
                error={errors.end}
              />
            </div>
          </div>
        </fieldset>
        <div className="mt-4 flex justify-end">
          <Button type="submit">Continue</Button>
        </div>
      </form>
    </Card>
  );
}

function Or() {
  return (
    <p className="text-center text-xs font-semibold uppercase text-slate-600" aria-hidden="true">
      or
    </p>
  );
}

/** "Individual Student Search Criteria": exactly one of last name, date of birth or email. */
export function CriteriaForm({
  values,
  errors,
  today,
  keep,
}: {
  values: Values | null;
  errors: Record<string, string>;
  today: string;
  keep: Record<string, string>;
}) {
  const criterion = (name: "lastName" | "dateOfBirth" | "email") => ({
    id: `pdf-${name}`,
    name,
    label: CRITERIA_LABELS[name],
    defaultValue: values?.[name] ?? "",
    error: errors[name],
  });
  return (
    <Card>
      <form method="get" action="/pdf" aria-labelledby="pdf-criteria-heading">
        <input type="hidden" name="find" value="criteria" />
        <KeptFields keep={keep} />
        <h2 id="pdf-criteria-heading" className="text-lg font-semibold text-brand-900">
          Individual Student Search Criteria
        </h2>
        <p id="pdf-criteria-help" className="mb-3 text-sm text-slate-700">
          Enter search criteria into one field below to find a specific student.
        </p>
        <div className="space-y-2">
          <Field {...criterion("lastName")} autoComplete="off" describedBy="pdf-criteria-help" />
          <Or />
          <Field {...criterion("dateOfBirth")} type="date" max={today} />
          <Or />
          <Field {...criterion("email")} type="email" autoComplete="off" describedBy="pdf-criteria-help" />
        </div>
        <div className="mt-4 flex justify-end gap-2">
          <Link href={`/pdf${Object.keys(keep).length ? `?${new URLSearchParams(keep).toString()}` : ""}`} className={buttonClass("secondary")}>
            Clear
          </Link>
          <Button type="submit">Continue</Button>
        </div>
      </form>
    </Card>
  );
}
