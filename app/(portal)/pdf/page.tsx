import type { Metadata } from "next";
import { ReportTabs } from "@/components/report-tabs";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { requireInstitution } from "@/lib/auth/gate";
import { formatCalendarDate, formatLongDate, formatShortDate, reportingYearStart, retentionStart } from "@/lib/dates";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { requestIp } from "@/lib/http/client-ip";
import { countNewPdfReports, lookupPdfReports, rangeBounds, type PdfLookupResult } from "@/lib/pdf-reports/queries";
import {
  LookupQuerySchema,
  MAX_PDF_SELECTION,
  lookupOf,
  lookupParams,
  refinementOf,
  type Lookup,
  type Refinement,
  type SortColumn,
} from "@/lib/pdf-reports/schema";
import { CriteriaForm, FORM_FIELDS, OptionsForm } from "./lookup-forms";
import { RefineForm, StatusHelp } from "./refine-form";
import { ResultsTable, type ResultRow } from "./results-table";
import { InstitutionDeniedNotice } from "@/components/institution-denied-notice";

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

function href(lookup: Lookup, refinement: Refinement, change: Partial<Refinement>, keep: Record<string, string>): string {
  const next = { ...refinement, ...change };
  const params = new URLSearchParams({ ...keep, ...lookupParams(lookup) });
  if (next.q) params.set("q", next.q);
  if (next.status) params.set("status", next.status);
  if (next.sort !== "lastName" || next.dir !== "asc") {
    params.set("sort", next.sort);
    params.set("dir", next.dir);
  }
  if (next.page > 1) params.set("page", String(next.page));
  return `/pdf?${params.toString()}`;
}

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
  const raw = firstValues(await searchParams);
  // ?institution=<id> (the dashboard, an email, the bulk tab) is kept by every link and form here.
  const { user, institution, selected, denied } = await requireInstitution("pdf:lookup", raw.institution);
  const keep: Record<string, string> = institution.id === selected.id ? {} : { institution: institution.id };
  const institutionQuery = institution.id === selected.id ? "" : `?institution=${institution.id}`;
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
  const reportingYear = formatLongDate(reportingYearStart(now));

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
      {denied ? <InstitutionDeniedNotice shownName={selected.name} /> : null}
      <ReportTabs active="pdf" query={institutionQuery} />
      <div className="mb-6">
        <h1 className="flex items-center gap-2 text-2xl font-bold text-brand-900">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6 fill-current">
            <path d="M12 12a5 5 0 1 0 0-10 5 5 0 0 0 0 10Zm0 2c-4.4 0-8 2.2-8 5v3h16v-3c0-2.8-3.6-5-8-5Z" />
          </svg>
          Individual Student Reports (PDF)
        </h1>
        <p className="mt-2 max-w-3xl text-slate-700">
          You can download the score report for an individual student or a set of students, up to a max of {MAX_PDF_SELECTION} per download, in PDF format.
          First, locate the reports you are interested in downloading by selecting an option below.
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
        <OptionsForm
          option={option}
          newCount={newCount}
          retention={retention}
          reportingYear={reportingYear}
          bounds={bounds}
          values={raw}
          errors={fieldErrors}
          keep={keep}
        />
        <CriteriaForm values={criteriaSent ? raw : null} errors={fieldErrors} today={bounds.today} keep={keep} />
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
            <StatusHelp />
            <RefineForm lookup={lookup} refinement={refinement} byStatus={result.byStatus} keep={keep} />

            <ResultsTable
              key={JSON.stringify(lookupParams(lookup))}
              selectionKey={`${user.id}:${institution.id}:${JSON.stringify(lookupParams(lookup))}`}
              institutionId={institution.id}
              rows={rows}
              total={result.total}
              columns={COLUMNS.map((c) => ({
                ...c,
                sort: refinement.sort === c.key ? refinement.dir : null,
                href: href(lookup, refinement, { sort: c.key, dir: refinement.sort === c.key && refinement.dir === "asc" ? "desc" : "asc", page: 1 }, keep),
              }))}
              pagination={{
                page: result.page,
                pageCount: result.pageCount,
                previous: result.page > 1 ? href(lookup, refinement, { page: result.page - 1 }, keep) : null,
                next: result.page < result.pageCount ? href(lookup, refinement, { page: result.page + 1 }, keep) : null,
              }}
            />
          </Card>
        </section>
      ) : null}
    </>
  );
}
