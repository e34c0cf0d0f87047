import type { Metadata } from "next";
import Link from "next/link";
import { CSV_FIELDS, FIELD_KIND_FORMATS, TXT_FIELDS } from "@/lib/formats/txt-layout";

export const metadata: Metadata = { title: "CSV Layout Specification" };

const cell = "border border-slate-300 px-2 py-1 align-top";
const head = `${cell} bg-slate-100 text-left font-semibold`;

/** The CSV column list, generated from the TXT field table (same fields, same order, no fillers). */
export default function CsvLayoutPage() {
  const fillers = TXT_FIELDS.length - CSV_FIELDS.length;
  return (
    <article className="space-y-8">
      <header>
        <h1 className="text-2xl font-bold text-brand-900">CSV Layout Specification</h1>
        <p className="mt-2 text-slate-800">
          The bulk CSV file carries the same fields as the <Link href="/docs/txt-layout">TXT layout</Link>, in the same order, without the{" "}
          {fillers} reserved filler fields: {CSV_FIELDS.length} columns, one row per student.
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

      <section aria-labelledby="conventions">
        <h2 id="conventions" className="mb-2 text-xl font-semibold text-brand-900">
          File conventions
        </h2>
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
        <table className="mt-4 w-full border-collapse text-sm">
          <caption className="mb-1 text-left font-semibold">Types of values</caption>
          <thead>
            <tr>
              <th scope="col" className={head}>
                Type
              </th>
              <th scope="col" className={head}>
                Format (before trailing spaces are removed)
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(FIELD_KIND_FORMATS)
              .filter(([kind]) => kind !== "filler")
              .map(([kind, format]) => (
                <tr key={kind}>
                  <td className={cell}>{kind}</td>
                  <td className={cell}>{format}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="columns">
        <h2 id="columns" className="mb-2 text-xl font-semibold text-brand-900">
          Columns
        </h2>
        <table className="w-full border-collapse text-sm" data-testid="csv-columns">
          <caption className="sr-only">CSV columns in file order</caption>
          <thead>
            <tr>
              <th scope="col" className={head}>
                Column
              </th>
              <th scope="col" className={head}>
                Name
              </th>
              <th scope="col" className={head}>
                TXT positions
              </th>
              <th scope="col" className={head}>
                Type
              </th>
              <th scope="col" className={head}>
                Description
              </th>
            </tr>
          </thead>
          <tbody>
            {CSV_FIELDS.map((f, i) => (
              <tr key={f.key}>
                <td className={cell}>{i + 1}</td>
                <th scope="row" className={`${cell} text-left font-normal`}>
                  {f.label}
                </th>
                <td className={cell}>
                  {f.start}-{f.end}
                </td>
                <td className={cell}>{f.kind}</td>
                <td className={cell}>{f.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </article>
  );
}
