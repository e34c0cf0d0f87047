import { useId } from "react";

interface FieldProps extends React.InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: string;
  required?: boolean;
}

/** A labelled input whose error is announced and tied to it (aria-describedby). */
export function Field({ label, name, error, hint, required, className, ...input }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(" ") || undefined;
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
        aria-describedby={describedBy}
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
