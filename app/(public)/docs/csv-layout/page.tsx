import type { Metadata } from "next";
import Link from "next/link";
import { CSV_FIELDS, FIELD_KIND_FORMATS, TXT_FIELDS } from "@/lib/formats/txt-layout";
import { DocSection, KindFormatsTable, LayoutTable } from "../layout-table";

export const metadata: Metadata = { title: "CSV Layout Specification" };

/** The CSV column list, generated from the TXT field table (same fields, same order, no fillers). */
export default function CsvLayoutPage() {
  const fillers = TXT_FIELDS.length - CSV_FIELDS.length;
  return (
    <article className="space-y-8">
      <header>
        <h1 className="text-2xl font-bold text-brand-900">CSV Layout Specification</h1>
        <p className="mt-2 text-slate-800">
          The bulk CSV file carries the same fields as the <Link href="/docs/txt-layout">TXT layout</Link>, in the same order, without the {fillers} reserved
          filler fields: {CSV_FIELDS.length} columns, one row per student.
        </p>
        <p className="mt-2">
          <a href="/api/docs/csv-header.csv" download>
            Download the CSV header row
          </a>{" "}
          ·{" "}
          <a href="/api/docs/csv-sample.csv" download>
            Download a CSV sample file
          </a>
        </p>
      </header>

      <DocSection id="conventions" title="File conventions">
        <ul className="ml-6 list-disc space-y-1 text-slate-800">
          <li>RFC 4180 comma-separated values; the first row is the header row with the column names below.</li>
          <li>
            Every value, the header&apos;s included, is enclosed in double quotes, so spreadsheet programs keep leading zeros (&quot;07&quot;,
            &quot;005818&quot;); a double quote inside a value is written twice (&quot;&quot;).
          </li>
          <li>Values are the TXT field&apos;s characters without trailing spaces; an empty value is &quot;&quot;.</li>
          <li>Line ending: CR LF after every row, the last one included.</li>
          <li>Encoding: ASCII (a subset of UTF-8; no byte order mark).</li>
          <li>Codes, dates (MMDDYY) and years (YY) are written exactly as in the TXT file.</li>
        </ul>
        <KindFormatsTable
          formatHeader="Format (before trailing spaces are removed)"
          formats={Object.entries(FIELD_KIND_FORMATS).filter(([kind]) => kind !== "filler")}
        />
      </DocSection>

      <DocSection id="columns" title="Columns">
        <LayoutTable
          caption="CSV columns in file order"
          hideCaption
          testId="csv-columns"
          columns={[
            { header: "Column", render: (_, i) => i + 1 },
            { header: "Name", render: (f) => f.label, rowHeader: true },
            {
              header: "TXT positions",
              render: (f) => (
                <>
                  {f.start}-{f.end}
                </>
              ),
            },
            { header: "Type", render: (f) => f.kind },
            { header: "Description", render: (f) => f.description },
          ]}
          rows={CSV_FIELDS}
          rowKey={(f) => f.key}
        />
      </DocSection>
    </article>
  );
}
