import { useId } from "react";

interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
  /** A fixed id (pages that link to the field or its error); a generated one otherwise. */
  id?: string;
  /** An element elsewhere on the page that describes the field (used while there is no error). */
  describedBy?: string;
}

/**
 * The one labelled input: its hint and error are tied to it (aria-describedby) and the error
 * is announced. Works in server components (plain GET forms) and client forms alike.
 */
export function Field({ label, name, error, hint, required, className, id: fixedId, describedBy, ...input }: FieldProps) {
  const generated = useId();
  const id = fixedId ?? generated;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const described = error ? [hint ? hintId : null, errorId] : [hint ? hintId : null, describedBy ?? null];
  const describedByIds = described.filter(Boolean).join(" ") || undefined;
  return (
    <div className={className ?? "space-y-1"}>
      {/* The asterisk sits beside the label, so the field's accessible name is the label alone. */}
      <div className="flex gap-1 text-sm font-semibold text-slate-800">
        <label htmlFor={id}>{label}</label>
        {required ? (
          <span className="text-red-700" aria-hidden="true">
            *
          </span>
        ) : null}
      </div>
      {hint ? (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByIds}
        className={`block w-full rounded border px-3 py-2 text-sm shadow-sm ${error ? "border-red-600" : "border-slate-400"} focus:border-brand-600`}
        {...input}
      />
      {error ? (
        <p id={errorId} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
