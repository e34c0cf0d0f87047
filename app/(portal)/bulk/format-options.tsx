import Link from "next/link";

export type Format = "TXT" | "CSV";

const RADIO = "mt-1 h-4 w-4 shrink-0 accent-brand-700";

/** "File Format": TXT or CSV, with links to their layouts. */
export function FormatOptions({
  ids,
  format,
  onChange,
  error,
}: {
  ids: string;
  format: Format;
  onChange: (format: Format) => void;
  error?: string | undefined;
}) {
  return (
    <fieldset className="space-y-3" aria-describedby={error ? `${ids}-format-error` : undefined}>
      <legend className="mb-2 text-base font-semibold text-brand-900">
        File Format<span aria-hidden="true">*</span>
      </legend>
      <div className="flex gap-3">
        <input id={`${ids}-txt`} type="radio" name="format" value="TXT" checked={format === "TXT"} onChange={() => onChange("TXT")} className={RADIO} />
        <div>
          <label htmlFor={`${ids}-txt`} className="font-semibold">
            TXT:
          </label>{" "}
          <span className="text-slate-800">
            Non delimited, fixed width txt file; View the <Link href="/docs/txt-layout">TXT layout specifications</Link> or download a{" "}
            <a href="/api/docs/txt-sample.txt" download>
              TXT sample file
            </a>
            .
          </span>
        </div>
      </div>
      <div className="flex gap-3">
        <input id={`${ids}-csv`} type="radio" name="format" value="CSV" checked={format === "CSV"} onChange={() => onChange("CSV")} className={RADIO} />
        <div>
          <label htmlFor={`${ids}-csv`} className="font-semibold">
            CSV:
          </label>{" "}
          <span className="text-slate-800">
            Comma-separated value file; View the CSV <Link href="/docs/csv-layout">layout specification</Link>.
          </span>
        </div>
      </div>
      {error ? (
        <p id={`${ids}-format-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

export { RADIO };
