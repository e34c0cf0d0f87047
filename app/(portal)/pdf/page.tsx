import type { Metadata } from "next";
import type { InputHTMLAttributes } from "react";
import Link from "next/link";
import { ReportTabs } from "@/components/report-tabs";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { requireInstitution } from "@/lib/auth/gate";
import { formatCalendarDate, formatLongDate, formatShortDate, retentionStart } from "@/lib/dates";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { requestIp } from "@/lib/http/client-ip";
import { countNewPdfReports, lookupPdfReports, rangeBounds, type PdfLookupResult } from "@/lib/pdf-reports/queries";
import {
  CRITERIA_LABELS,
  LookupQuerySchema,
  MAX_PDF_SELECTION,
  PDF_STATUSES,
  STATUS_LABELS,
  lookupOf,
  lookupParams,
  refinementOf,
  type Lookup,
  type Refinement,
  type SortColumn,
} from "@/lib/pdf-reports/schema";
import { ResultsTable, type ResultRow } from "./results-table";

// components/ui/button.tsx is a client module, so its buttonClass() cannot run in this server
// component; these are the same classes.
const BUTTON = "inline-flex items-center justify-center gap-2 rounded px-4 py-2 text-sm font-semibold transition";
const PRIMARY = `${BUTTON} bg-brand-700 text-white hover:bg-brand-800`;
const SECONDARY = `${BUTTON} border border-slate-300 bg-white text-slate-900 no-underline hover:bg-slate-100 hover:no-underline`;

export const metadata: Metadata = { title: "Individual Reports (PDF)" };

type SearchParams = Record<string, string | string[] | undefined>;

function firstValues(params: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}

function href(lookup: Lookup, refinement: Refinement, change: Partial<Refinement>): string {
  const next = { ...refinement, ...change };
  const params = new URLSearchParams(lookupParams(lookup));
  if (next.q) params.set("q", next.q);
  if (next.status) params.set("status", next.status);
  if (next.sort !== "lastName" || next.dir !== "asc") {
    params.set("sort", next.sort);
    params.set("dir", next.dir);
  }
  if (next.page > 1) params.set("page", String(next.page));
  return `/pdf?${params.toString()}`;
}

const FORM_FIELDS = new Set(["start", "end", "lastName", "dateOfBirth", "email"]);

const COLUMNS: Array<{ key: SortColumn; label: string }> = [
  { key: "lastName", label: "Last Name" },
  { key: "firstName", label: "First Name" },
  { key: "middleInitial", label: "Middle Initial" },
  { key: "dateOfBirth", label: "Date of Birth" },
  { key: "apId", label: "AP ID" },
  { key: "releasedAt", label: "Date Scores Released to Your Institution" },
  { key: "downloadedAt", label: "Date Scores Last Downloaded by You as PDF" },
];

export default async function PdfReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { user, institution } = await requireInstitution("pdf:lookup");
  const raw = firstValues(await searchParams);
  const viewer = { organizationId: institution.id, userId: user.id };
  const now = new Date();
  const bounds = rangeBounds(now);
  const newCount = await countNewPdfReports(viewer, now);

  const parsed = LookupQuerySchema.safeParse(raw);
  let fieldErrors: Record<string, string> = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const lookup = parsed.success ? lookupOf(parsed.data) : null;
  const refinement = parsed.success ? refinementOf(parsed.data) : null;
  let result: PdfLookupResult | null = null;
  if (lookup && refinement) {
    try {
      result = await lookupPdfReports(viewer, lookup, refinement, { ip: await requestIp(), now });
    } catch (error) {
      // The date rules that depend on today: shown beside the fields, like the schema's.
      if (!(error instanceof AppError)) throw error;
      fieldErrors = error.details.fieldErrors ?? { [error.details.field ?? "_"]: error.message };
    }
  }
  const errors = Object.entries(fieldErrors);
  const criteriaSent = raw.find === "criteria" || ["lastName", "dateOfBirth", "email"].some((k) => raw[k]);
  const option = raw.option === "all" || raw.option === "custom" ? raw.option : "new";
  const retention = formatLongDate(retentionStart(now));

  const rows: ResultRow[] =
    result?.rows.map((r) => ({
      id: r.id,
      lastName: r.lastName,
      firstName: r.firstName,
      middleInitial: r.middleInitial,
      dateOfBirth: formatCalendarDate(r.dateOfBirth),
      apId: r.apId,
      releasedAt: formatShortDate(r.releasedAt),
      downloadedAt: r.downloadedAt ? formatShortDate(r.downloadedAt) : null,
      status: r.status,
    })) ?? [];

  return (
    <>
      <ReportTabs active="pdf" />
      <div className="mb-6">
        <h1 className="flex items-center gap-2 text-2xl font-bold text-brand-900">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 fill-current">
            <path d="M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10Zm0 2c-4.4 0-8 2.2-8 5v3h16v-3c0-2.8-3.6-5-8-5Z" />
          </svg>
          Individual Student Reports (PDF)
        </h1>
        <p className="mt-2 max-w-3xl text-slate-700">
          You can download the score report for an individual student or a set of students, up to a max of {MAX_PDF_SELECTION} per download, in PDF format. First,
          locate the reports you are interested in downloading by selecting an option below.
        </p>
        <p className="mt-1 text-sm text-slate-600" data-testid="pdf-institution">
          {institution.name} (DI code {institution.diCode})
        </p>
      </div>

      {errors.length ? (
        <div className="mb-4">
          <Notice tone="error" testId="pdf-form-errors">
            {/* Messages of visible fields show beside them; the summary points at those and spells out the rest. */}
            {errors.some(([field]) => FORM_FIELDS.has(field)) ? <p>Please correct the fields marked below.</p> : null}
            {errors
              .filter(([field]) => !FORM_FIELDS.has(field))
              .map(([field, message]) => (
                <p key={field}>{message}</p>
              ))}
          </Notice>
        </div>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <form method="get" action="/pdf" aria-labelledby="pdf-options-heading">
            <input type="hidden" name="find" value="option" />
            <fieldset>
              <legend id="pdf-options-heading" className="mb-3 text-lg font-semibold text-brand-900">
                PDF Report Download Options<span aria-hidden="true">*</span>
              </legend>
              <p className="mb-3 text-xs text-slate-600">*Required</p>
              <div className="space-y-3">
                <label className="flex gap-2">
                  <input type="radio" name="option" value="new" defaultChecked={option === "new"} className="mt-1" />
                  <span>
                    <strong>New Student Reports:</strong> <span data-testid="pdf-new-count">{newCount}</span> new score report(s)
                  </span>
                </label>
                <label className="flex gap-2">
                  <input type="radio" name="option" value="all" defaultChecked={option === "all"} className="mt-1" />
                  <span>
                    <strong>All Student Reports:</strong> View students who had scores reported to your institution since {retention}
                  </span>
                </label>
                <label className="flex gap-2">
                  <input type="radio" name="option" value="custom" defaultChecked={option === "custom"} className="mt-1" />
                  <span>
                    <strong>Custom Date Range:</strong> Find students who sent score reports in a specific date range anywhere between {retention} and today.
                  </span>
                </label>
                <div className="ml-6 flex flex-wrap gap-4">
                  <DateInput name="start" label="Start Date" min={bounds.earliest} max={bounds.today} value={raw.start} error={fieldErrors.start} />
                  <DateInput name="end" label="End Date" min={bounds.earliest} max={bounds.today} value={raw.end} error={fieldErrors.end} />
                </div>
              </div>
            </fieldset>
            <div className="mt-4 flex justify-end">
              <button type="submit" className={PRIMARY}>
                Continue
              </button>
            </div>
          </form>
        </Card>

        <Card>
          <form method="get" action="/pdf" aria-labelledby="pdf-criteria-heading">
            <input type="hidden" name="find" value="criteria" />
            <h2 id="pdf-criteria-heading" className="text-lg font-semibold text-brand-900">
              Individual Student Search Criteria
            </h2>
            <p id="pdf-criteria-help" className="mb-3 text-sm text-slate-700">
              Enter search criteria into one field below to find a specific student.
            </p>
            <div className="space-y-2">
              <TextInput name="lastName" label={CRITERIA_LABELS.lastName} value={criteriaSent ? raw.lastName : undefined} error={fieldErrors.lastName} autoComplete="off" />
              <p className="text-center text-xs font-semibold uppercase text-slate-600" aria-hidden="true">
                or
              </p>
              <DateInput name="dateOfBirth" label={CRITERIA_LABELS.dateOfBirth} value={criteriaSent ? raw.dateOfBirth : undefined} error={fieldErrors.dateOfBirth} max={bounds.today} />
              <p className="text-center text-xs font-semibold uppercase text-slate-600" aria-hidden="true">
                or
              </p>
              <TextInput name="email" type="email" label={CRITERIA_LABELS.email} value={criteriaSent ? raw.email : undefined} error={fieldErrors.email} autoComplete="off" />
            </div>
            <div className="mt-4 flex justify-end gap-2">
              <Link href="/pdf" className={SECONDARY}>
                Clear
              </Link>
              <button type="submit" className={PRIMARY}>
                Continue
              </button>
            </div>
          </form>
        </Card>
      </div>

      {result && lookup && refinement ? (
        <section aria-labelledby="pdf-results-heading" className="mt-8">
          <Card>
            <h2 id="pdf-results-heading" className="text-xl font-semibold text-brand-900">
              Individual Student Reports (PDF) - Search Results
            </h2>
            <p className="mt-2 text-slate-700">
              Select up to {MAX_PDF_SELECTION} students per download. To download more than {MAX_PDF_SELECTION} reports, batch them in multiple downloads.
            </p>
            <details open className="mt-2 text-sm text-slate-700" data-testid="pdf-status-help">
              <summary className="cursor-pointer font-semibold text-brand-700">About download status</summary>
              <p className="mt-2">To refine search results, sort by columns and filter by download status:</p>
              <ul className="ml-5 mt-1 list-disc space-y-1">
                <li>
                  <strong>New:</strong> Student score reports released to your institution after your first login to the system.
                </li>
                <li>
                  <strong>Not Downloaded:</strong> Student score reports released to your institution prior to your first login that you have not yet downloaded in PDF
                  format.
                </li>
                <li>
                  <strong>Previously Downloaded:</strong> Student score reports you previously downloaded in PDF format, with the date of the download indicated.
                </li>
              </ul>
              <p className="mt-2">
                Use the search field to find specific students. The &quot;Date Scores Released to Your Institution&quot; column shows the latest update date for a
                student. If additional updates have been made to a student&apos;s record since the last time you downloaded their report, they will be marked as
                &quot;New.&quot;
              </p>
            </details>

            <form method="get" action="/pdf" className="mt-4 flex flex-wrap items-end gap-3" role="search" aria-label="Refine search results">
              {Object.entries(lookupParams(lookup)).map(([k, v]) => (
                <input key={k} type="hidden" name={k} value={v} />
              ))}
              {refinement.sort !== "lastName" || refinement.dir !== "asc" ? (
                <>
                  <input type="hidden" name="sort" value={refinement.sort} />
                  <input type="hidden" name="dir" value={refinement.dir} />
                </>
              ) : null}
              <div className="min-w-64 flex-1">
                <label htmlFor="pdf-refine" className="block text-sm font-semibold text-slate-800">
                  Search by Last Name or First Name or AP ID
                </label>
                <input
                  id="pdf-refine"
                  name="q"
                  type="search"
                  defaultValue={refinement.q}
                  maxLength={60}
                  className="block w-full rounded border border-slate-400 px-3 py-2 text-sm"
                />
              </div>
              <div>
                <label htmlFor="pdf-status" className="block text-sm font-semibold text-slate-800">
                  Download status
                </label>
                <select id="pdf-status" name="status" defaultValue={refinement.status ?? ""} className="block rounded border border-slate-400 bg-white px-3 py-2 text-sm">
                  <option value="">All statuses ({result.byStatus.new + result.byStatus["not-downloaded"] + result.byStatus.downloaded})</option>
                  {PDF_STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {STATUS_LABELS[s]} ({result.byStatus[s]})
                    </option>
                  ))}
                </select>
              </div>
              <button type="submit" className={SECONDARY}>
                Search
              </button>
            </form>

            <ResultsTable
              key={JSON.stringify(lookupParams(lookup))}
              selectionKey={`${user.id}:${institution.id}:${JSON.stringify(lookupParams(lookup))}`}
              institutionId={institution.id}
              rows={rows}
              total={result.total}
              columns={COLUMNS.map((c) => ({
                ...c,
                sort: refinement.sort === c.key ? refinement.dir : null,
                href: href(lookup, refinement, { sort: c.key, dir: refinement.sort === c.key && refinement.dir === "asc" ? "desc" : "asc", page: 1 }),
              }))}
              pagination={{
                page: result.page,
                pageCount: result.pageCount,
                previous: result.page > 1 ? href(lookup, refinement, { page: result.page - 1 }) : null,
                next: result.page < result.pageCount ? href(lookup, refinement, { page: result.page + 1 }) : null,
              }}
            />
          </Card>
        </section>
      ) : null}
    </>
  );
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
}

function TextInput({ type = "text", autoComplete, ...field }: FieldProps & { type?: string; autoComplete?: string }) {
  return <LabeledInput {...field} input={{ type, autoComplete }} hint="pdf-criteria-help" width="w-full" />;
}

function DateInput({ min, max, ...field }: FieldProps & { min?: string; max?: string }) {
  return <LabeledInput {...field} input={{ type: "date", min, max }} />;
}

/** A labelled input whose error, when there is one, replaces `hint` as its description. */
function LabeledInput({
  name,
  label,
  value,
  error,
  input,
  hint,
  width,
}: FieldProps & { input: Pick<InputHTMLAttributes<HTMLInputElement>, "type" | "autoComplete" | "min" | "max">; hint?: string; width?: string }) {
  const id = `pdf-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
        {label}
      </label>
      <input
        id={id}
        name={name}
        {...input}
        defaultValue={value ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : hint}
        className={`block ${width ? `${width} ` : ""}rounded border px-3 py-2 text-sm ${error ? "border-red-600" : "border-slate-400"}`}
      />
      {error ? (
        <p id={`${id}-error`} className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
