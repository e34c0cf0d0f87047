import type { ReactNode } from "react";

/** Building blocks of the file layout specification pages (TXT and CSV), so both render tables and sections alike. */

const cell = "border border-slate-300 px-2 py-1 align-top";
const head = `${cell} bg-slate-100 text-left font-semibold`;

export type LayoutColumn<Row> = {
  header: ReactNode;
  render: (row: Row, index: number) => ReactNode;
  /** The column that names the row (a row header for screen readers). */
  rowHeader?: boolean;
  /** Extra classes for this column's cells. */
  className?: string;
};

export function LayoutTable<Row>({
  caption,
  hideCaption = false,
  spacing,
  testId,
  columns,
  rows,
  rowKey,
  rowClassName,
}: {
  caption: string;
  /** Captions of the big field tables are for screen readers only; the section heading says it visually. */
  hideCaption?: boolean;
  /** Margin classes put before the table's own classes. */
  spacing?: string;
  testId?: string;
  columns: LayoutColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  rowClassName?: (row: Row) => string | undefined;
}) {
  return (
    <table className={[spacing, "w-full border-collapse text-sm"].filter(Boolean).join(" ")} data-testid={testId}>
      <caption className={hideCaption ? "sr-only" : "mb-1 text-left font-semibold"}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, i) => (
            <th key={i} scope="col" className={head}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={rowKey(row)} className={rowClassName?.(row)}>
            {columns.map((column, i) =>
              column.rowHeader ? (
                <th key={i} scope="row" className={`${cell} text-left font-normal`}>
                  {column.render(row, index)}
                </th>
              ) : (
                <td key={i} className={column.className ? `${cell} ${column.className}` : cell}>
                  {column.render(row, index)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The "Types of values" table: each field type and how its values are written. */
export function KindFormatsTable({ formatHeader, formats }: { formatHeader: string; formats: [kind: string, format: string][] }) {
  return (
    <LayoutTable
      caption="Types of values"
      spacing="mt-4"
      columns={[
        { header: "Type", render: ([kind]) => kind },
        { header: formatHeader, render: ([, format]) => format },
      ]}
      rows={formats}
      rowKey={([kind]) => kind}
    />
  );
}

/** A code table (exam codes, award types, …) of the TXT layout. */
export function CodeTable({ caption, codes }: { caption: string; codes: Record<string, string> }) {
  return (
    <LayoutTable
      caption={caption}
      spacing="mb-6"
      columns={[
        { header: "Code", render: ([code]) => code, className: "font-mono" },
        { header: "Meaning", render: ([, meaning]) => meaning },
      ]}
      rows={Object.entries(codes)}
      rowKey={([code]) => code}
    />
  );
}

export function DocSection({ id, title, children }: { id: string; title: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="mb-2 text-xl font-semibold text-brand-900">
        {title}
      </h2>
      {children}
    </section>
  );
}
