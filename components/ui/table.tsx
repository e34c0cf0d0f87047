/** A column header: its text, hidden visually when the column holds only actions. */
export type Column = string | { label: string; srOnly?: boolean; className?: string };

/**
 * The one data table: a scrolling frame, a caption (for screen readers unless shown), column
 * headers with scope, and the rows given as children (use TD and TH_ROW for their cells).
 */
export function Table({
  caption,
  showCaption = false,
  columns,
  testId,
  labelledBy,
  children,
}: {
  caption?: React.ReactNode;
  showCaption?: boolean;
  /** Falsy entries are left out (columns shown only in some views). */
  columns: readonly (Column | false | null)[];
  testId?: string;
  labelledBy?: string;
  children: React.ReactNode;
}) {
  return (
    <div tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" data-testid={testId} aria-labelledby={labelledBy}>
        {caption ? <caption className={showCaption ? "px-3 py-2 text-left font-semibold" : "sr-only"}>{caption}</caption> : null}
        <thead className="bg-slate-100 text-left">
          <tr>
            {columns
              .filter((c): c is Column => Boolean(c))
              .map((c) => {
                const column = typeof c === "string" ? { label: c } : c;
                return (
                  <th key={column.label} scope="col" className={`px-3 py-2 ${column.className ?? ""}`}>
                    {column.srOnly ? <span className="sr-only">{column.label}</span> : column.label}
                  </th>
                );
              })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">{children}</tbody>
      </table>
    </div>
  );
}

/** Cell classes, so every table's rows line up with its headers. */
export const TD = "px-3 py-2";
export const TH_ROW = "px-3 py-2 text-left font-normal";
