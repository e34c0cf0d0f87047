import type { Metadata } from "next";
import { NewReportsBanner } from "@/components/new-reports-banner";
import { Card } from "@/components/ui/card";
import { requireInstitution } from "@/lib/auth/gate";
import { bulkStatus } from "@/lib/bulk/queries";
import { BulkPageQuerySchema } from "@/lib/bulk/schema";
import { formatLongDate, zonedIsoDate } from "@/lib/dates";
import { BulkDownloadForm } from "./bulk-download-form";
import { ReportTabs } from "@/components/report-tabs";
import { InstitutionDeniedNotice } from "@/components/institution-denied-notice";

export const metadata: Metadata = { title: "Bulk Reports (TXT / CSV)" };
export const dynamic = "force-dynamic";

export default async function BulkPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = BulkPageQuerySchema.parse(await searchParams);
  // ?institution=<id> comes from the dashboard's list.
  const { user, institution, selected, denied } = await requireInstitution("bulk:download", query.institution);

  const now = new Date();
  const status = await bulkStatus(user.id, institution.id, now);
  const institutionQuery = institution.id === selected.id ? "" : `?institution=${institution.id}`;

  return (
    <>
      {denied ? <InstitutionDeniedNotice shownName={selected.name} /> : null}
      <NewReportsBanner newCount={status.newCount} lastDownloadAt={status.lastDownload?.at ?? null} />
      <ReportTabs active="bulk" query={institutionQuery} />
      <Card className="rounded-t-none border-t-0">
        <h1 className="text-2xl font-bold text-brand-900">Bulk Score Reports (TXT or CSV File)</h1>
        <p className="mt-1 text-sm text-slate-700" data-testid="bulk-institution">
          {institution.name} (DI code {institution.diCode})
        </p>
        <hr className="my-4 border-slate-200" />
        <p className="mb-6 text-slate-800">
          To download a bulk TXT or CSV file containing all AP score reports sent to your institution within a given date range, please select one of the
          options below.
        </p>
        <BulkDownloadForm
          institutionId={institution.id}
          newCount={status.newCount}
          lastDownloadLabel={status.lastDownload ? formatLongDate(status.lastDownload.at) : null}
          yearStartLabel={formatLongDate(status.yearStart)}
          retentionStartLabel={formatLongDate(status.retentionStart)}
          minDate={zonedIsoDate(status.retentionStart)}
          maxDate={zonedIsoDate(now)}
        />
      </Card>
    </>
  );
}
