import type { Metadata } from "next";
import Link from "next/link";
import { AWARD_TYPES, EXAM_CODES, IRREGULARITY_CODES, SCORE_MEANINGS } from "@/lib/domain/codes";
import {
  EXAM_BLOCK,
  EXAM_BLOCK_LENGTH,
  EXAM_SLOTS,
  EXAM_START,
  FIELD_KIND_FORMATS,
  TXT_FIELDS,
  TXT_RECORD_LENGTH,
  examStart,
  type TxtField,
  type TxtSection,
} from "@/lib/formats/txt-layout";

export const metadata: Metadata = { title: "TXT Layout Specification" };

const cell = "border border-slate-300 px-2 py-1 align-top";
const head = `${cell} bg-slate-100 text-left font-semibold`;

/** Sections in the order they appear in the record, with their fields. */
function sections(): { section: TxtSection; fields: TxtField[] }[] {
  const out: { section: TxtSection; fields: TxtField[] }[] = [];
  for (const f of TXT_FIELDS) {
    const last = out.at(-1);
    if (last?.section === f.section) last.fields.push(f);
    else out.push({ section: f.section, fields: [f] });
  }
  return out;
}

function CodeTable({ caption, codes }: { caption: string; codes: Record<string, string> }) {
  return (
    <table className="mb-6 w-full border-collapse text-sm">
      <caption className="mb-1 text-left font-semibold">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className={head}>
            Code
          </th>
          <th scope="col" className={head}>
            Meaning
          </th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(codes).map(([code, meaning]) => (
          <tr key={code}>
            <td className={`${cell} font-mono`}>{code}</td>
            <td className={cell}>{meaning}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The published TXT layout, generated from the same field table the file writer uses. */
export default function TxtLayoutPage() {
  const last = examStart(EXAM_SLOTS) + EXAM_BLOCK_LENGTH - 1;
  return (
    <article className="space-y-8">
      <header>
        <h1 className="text-2xl font-bold text-brand-900">TXT Layout Specification</h1>
        <p className="mt-2 text-slate-800">
          The bulk TXT file is a non delimited, fixed width text file: one line per student, every line exactly {TXT_RECORD_LENGTH}{" "}
          characters. The record is cumulative: it carries all of the student&apos;s exams (up to {EXAM_SLOTS}) each time a report is sent.
        </p>
        <p className="mt-2">
          <a href="/api/docs/txt-sample.txt" download>
            Download a TXT sample file
          </a>{" "}
          · <Link href="/docs/csv-layout">CSV layout specification</Link>
        </p>
      </header>

      <section aria-labelledby="conventions">
        <h2 id="conventions" className="mb-2 text-xl font-semibold text-brand-900">
          File conventions
        </h2>
        <ul className="ml-6 list-disc space-y-1 text-slate-800">
          <li>Encoding: ASCII (printable characters only; characters outside ASCII are written as &quot;?&quot;).</li>
          <li>Line ending: CR LF after every record, the last one included. No header line.</li>
          <li>Positions are 1-based and inclusive; a field&apos;s length is To − From + 1.</li>
          <li>Each file holds at most one line per student (the latest version of the student&apos;s report).</li>
          <li>
            File names are sortable and free of spaces: <code>AP_&lt;DI code&gt;_&lt;UTC time&gt;_&lt;full|incremental|custom&gt;.txt</code>,
            e.g. <code>AP_5818_20260708T153000Z_full.txt</code>.
          </li>
        </ul>
        <table className="mt-4 w-full border-collapse text-sm">
          <caption className="mb-1 text-left font-semibold">Types of values</caption>
          <thead>
            <tr>
              <th scope="col" className={head}>
                Type
              </th>
              <th scope="col" className={head}>
                Format
              </th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(FIELD_KIND_FORMATS).map(([kind, format]) => (
              <tr key={kind}>
                <td className={cell}>{kind}</td>
                <td className={cell}>{format}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {sections().map(({ section, fields }) =>
        section === "Exams" ? (
          <section key={section} aria-labelledby="section-exams">
            <h2 id="section-exams" className="mb-2 text-xl font-semibold text-brand-900">
              Exams (positions {EXAM_START}-{last})
            </h2>
            <p className="mb-3 text-slate-800">
              {EXAM_SLOTS} exam slots of {EXAM_BLOCK_LENGTH} characters each. Exam <var>n</var> (1 to {EXAM_SLOTS}) starts at position{" "}
              <code>
                {EXAM_START} + {EXAM_BLOCK_LENGTH} × (n − 1)
              </code>
              : exam 1 at {examStart(1)}, exam 2 at {examStart(2)}, exam {EXAM_SLOTS} at {examStart(EXAM_SLOTS)}. Unused slots are blank. Within a
              slot:
            </p>
            <table className="w-full border-collapse text-sm" data-testid="exam-block">
              <caption className="sr-only">Fields of one exam slot</caption>
              <thead>
                <tr>
                  <th scope="col" className={head}>
                    Offset in slot
                  </th>
                  <th scope="col" className={head}>
                    Length
                  </th>
                  <th scope="col" className={head}>
                    Exam 1 positions
                  </th>
                  <th scope="col" className={head}>
                    Field
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
                {EXAM_BLOCK.map((part) => (
                  <tr key={part.key}>
                    <td className={cell}>+{part.offset}</td>
                    <td className={cell}>{part.length}</td>
                    <td className={cell}>
                      {EXAM_START + part.offset}-{EXAM_START + part.offset + part.length - 1}
                    </td>
                    <th scope="row" className={`${cell} text-left font-normal`}>
                      Exam <var>n</var> {part.label}
                    </th>
                    <td className={cell}>{part.kind}</td>
                    <td className={cell}>{part.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="mt-2 text-sm text-slate-700">
              Only {fields.length} of the table&apos;s fields are exam fields ({EXAM_SLOTS} × {EXAM_BLOCK.length}); the CSV names them &quot;Exam 1
              Admin Year&quot; … &quot;Exam {EXAM_SLOTS} Class Section Code&quot;.
            </p>
          </section>
        ) : (
          <section key={section} aria-labelledby={`section-${section.replace(/\W+/g, "-")}`}>
            <h2 id={`section-${section.replace(/\W+/g, "-")}`} className="mb-2 text-xl font-semibold text-brand-900">
              {section} (positions {fields[0]!.start}-{fields.at(-1)!.end})
            </h2>
            <table className="w-full border-collapse text-sm">
              <caption className="sr-only">{section} fields</caption>
              <thead>
                <tr>
                  <th scope="col" className={head}>
                    From
                  </th>
                  <th scope="col" className={head}>
                    To
                  </th>
                  <th scope="col" className={head}>
                    Length
                  </th>
                  <th scope="col" className={head}>
                    Field
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
                {fields.map((f) => (
                  <tr key={f.key} className={f.kind === "filler" ? "text-slate-600" : undefined}>
                    <td className={cell}>{f.start}</td>
                    <td className={cell}>{f.end}</td>
                    <td className={cell}>{f.length}</td>
                    <th scope="row" className={`${cell} text-left font-normal`}>
                      {f.label}
                    </th>
                    <td className={cell}>{f.kind}</td>
                    <td className={cell}>{f.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ),
      )}

      <section aria-labelledby="codes">
        <h2 id="codes" className="mb-2 text-xl font-semibold text-brand-900">
          Code tables
        </h2>
        <CodeTable caption="Exam codes" codes={EXAM_CODES} />
        <CodeTable caption="Exam grades (AP scores)" codes={Object.fromEntries(Object.entries(SCORE_MEANINGS).reverse())} />
        <CodeTable caption="Award types" codes={AWARD_TYPES} />
        <CodeTable caption="Irregularity codes" codes={IRREGULARITY_CODES} />
      </section>
    </article>
  );
}
