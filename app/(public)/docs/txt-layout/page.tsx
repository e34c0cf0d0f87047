import type { Metadata } from "next";
import Link from "next/link";
import { AWARD_TYPES, EXAM_CODES, IRREGULARITY_CODES, SCORE_MEANINGS } from "@/lib/formats/codes";
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
import { CodeTable, DocSection, KindFormatsTable, LayoutTable } from "../layout-table";

export const metadata: Metadata = { title: "TXT Layout Specification" };

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

/** The published TXT layout, generated from the same field table the file writer uses. */
export default function TxtLayoutPage() {
  const last = examStart(EXAM_SLOTS) + EXAM_BLOCK_LENGTH - 1;
  return (
    <article className="space-y-8">
      <header>
        <h1 className="text-2xl font-bold text-brand-900">TXT Layout Specification</h1>
        <p className="mt-2 text-slate-800">
          The bulk TXT file is a non delimited, fixed width text file: one line per student, every line exactly {TXT_RECORD_LENGTH} characters. The record is
          cumulative: it carries all of the student&apos;s exams (up to {EXAM_SLOTS}) each time a report is sent.
        </p>
        <p className="mt-2">
          <a href="/api/docs/txt-sample.txt" download>
            Download a TXT sample file
          </a>{" "}
          · <Link href="/docs/csv-layout">CSV layout specification</Link>
        </p>
      </header>

      <DocSection id="conventions" title="File conventions">
        <ul className="ml-6 list-disc space-y-1 text-slate-800">
          <li>Encoding: ASCII (printable characters only; characters outside ASCII are written as &quot;?&quot;).</li>
          <li>Line ending: CR LF after every record, the last one included. No header line.</li>
          <li>Positions are 1-based and inclusive; a field&apos;s length is To − From + 1.</li>
          <li>Each file holds at most one line per student (the latest version of the student&apos;s report).</li>
          <li>
            File names are sortable and free of spaces: <code>AP_&lt;DI code&gt;_&lt;UTC time&gt;_&lt;full|incremental|custom&gt;.txt</code>, e.g.{" "}
            <code>AP_5818_20260708T153000Z_full.txt</code>.
          </li>
        </ul>
        <KindFormatsTable formatHeader="Format" formats={Object.entries(FIELD_KIND_FORMATS)} />
      </DocSection>

      {sections().map(({ section, fields }) =>
        section === "Exams" ? (
          <DocSection
            key={section}
            id="section-exams"
            title={
              <>
                Exams (positions {EXAM_START}-{last})
              </>
            }
          >
            <p className="mb-3 text-slate-800">
              {EXAM_SLOTS} exam slots of {EXAM_BLOCK_LENGTH} characters each. Exam <var>n</var> (1 to {EXAM_SLOTS}) starts at position{" "}
              <code>
                {EXAM_START} + {EXAM_BLOCK_LENGTH} × (n − 1)
              </code>
              : exam 1 at {examStart(1)}, exam 2 at {examStart(2)}, exam {EXAM_SLOTS} at {examStart(EXAM_SLOTS)}. Unused slots are blank. Within a slot:
            </p>
            <LayoutTable
              caption="Fields of one exam slot"
              hideCaption
              testId="exam-block"
              columns={[
                { header: "Offset in slot", render: (part) => <>+{part.offset}</> },
                { header: "Length", render: (part) => part.length },
                {
                  header: "Exam 1 positions",
                  render: (part) => (
                    <>
                      {EXAM_START + part.offset}-{EXAM_START + part.offset + part.length - 1}
                    </>
                  ),
                },
                {
                  header: "Field",
                  render: (part) => (
                    <>
                      Exam <var>n</var> {part.label}
                    </>
                  ),
                  rowHeader: true,
                },
                { header: "Type", render: (part) => part.kind },
                { header: "Description", render: (part) => part.description },
              ]}
              rows={EXAM_BLOCK}
              rowKey={(part) => part.key}
            />
            <p className="mt-2 text-sm text-slate-700">
              Only {fields.length} of the table&apos;s fields are exam fields ({EXAM_SLOTS} × {EXAM_BLOCK.length}); the CSV names them &quot;Exam 1 Admin
              Year&quot; … &quot;Exam {EXAM_SLOTS} Class Section Code&quot;.
            </p>
          </DocSection>
        ) : (
          <DocSection
            key={section}
            id={`section-${section.replace(/\W+/g, "-")}`}
            title={
              <>
                {section} (positions {fields[0]!.start}-{fields.at(-1)!.end})
              </>
            }
          >
            <LayoutTable
              caption={`${section} fields`}
              hideCaption
              columns={[
                { header: "From", render: (f) => f.start },
                { header: "To", render: (f) => f.end },
                { header: "Length", render: (f) => f.length },
                { header: "Field", render: (f) => f.label, rowHeader: true },
                { header: "Type", render: (f) => f.kind },
                { header: "Description", render: (f) => f.description },
              ]}
              rows={fields}
              rowKey={(f) => f.key}
              rowClassName={(f) => (f.kind === "filler" ? "text-slate-600" : undefined)}
            />
          </DocSection>
        ),
      )}

      <DocSection id="codes" title="Code tables">
        <CodeTable caption="Exam codes" codes={EXAM_CODES} />
        <CodeTable caption="Exam grades (AP scores)" codes={Object.fromEntries(Object.entries(SCORE_MEANINGS).reverse())} />
        <CodeTable caption="Award types" codes={AWARD_TYPES} />
        <CodeTable caption="Irregularity codes" codes={IRREGULARITY_CODES} />
      </DocSection>
    </article>
  );
}
