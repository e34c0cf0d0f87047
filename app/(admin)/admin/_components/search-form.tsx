import type { InputHTMLAttributes, ReactNode } from "react";
import { Button } from "@/components/ui/button";

/** The GET search form at the top of the admin list pages: fields, then a Search button. */
export function SearchForm({ label, children }: { label: string; children: ReactNode }) {
  return (
    <form method="get" role="search" aria-label={label} className="flex flex-wrap items-end gap-3">
      {children}
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}

/** One labelled search box; its id is also its query-string name. */
export function SearchField({
  name,
  label,
  className,
  inputClassName,
  ...input
}: { name: string; label: string; className?: string; inputClassName?: string } & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  "defaultValue" | "inputMode" | "maxLength"
>) {
  return (
    <div className={className ? `${className} space-y-1` : "space-y-1"}>
      <label htmlFor={name} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      <input
        id={name}
        name={name}
        {...input}
        className={inputClassName ? `${inputClassName} rounded border border-slate-400 px-3 py-2 text-sm` : "rounded border border-slate-400 px-3 py-2 text-sm"}
      />
    </div>
  );
}
