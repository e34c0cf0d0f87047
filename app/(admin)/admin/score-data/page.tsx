import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageTitle } from "@/components/ui/card";
import { requireAdmin } from "@/lib/auth/gate";
import { MAX_TXT_RECORDS } from "@/lib/reports/schema";
import { TxtUploadForm } from "./txt-upload-form";

export const metadata: Metadata = { title: "Score Data" };

export default async function ScoreDataPage() {
  await requireAdmin();
  return (
    <>
      <PageTitle subtitle="Release score reports to institutions. Each load is all-or-nothing: if any record is wrong, nothing is loaded.">
        Score Data
      </PageTitle>
      <Card className="mb-6">
        <h2 className="mb-1 text-lg font-semibold text-brand-900">Upload a TXT file</h2>
        <p className="mb-4 text-sm text-slate-700">
          One student per line in the 950-character TXT layout, up to {MAX_TXT_RECORDS.toLocaleString("en-US")} lines. A student already reported to the
          institution gets a new version of the report, released now.
        </p>
        <TxtUploadForm />
      </Card>
      <Card>
        <h2 className="mb-1 text-lg font-semibold text-brand-900">From scripts</h2>
        <p className="text-sm text-slate-700">
          <code>POST /api/admin/score-reports</code> takes one report or <code>{'{ "reports": [...] }'}</code> with up to 1,000 as JSON;{" "}
          <code>POST /api/admin/score-reports/txt?diCode=5818</code> takes a TXT file as <code>text/plain</code>. Both need{" "}
          <code>Authorization: Bearer &lt;token&gt;</code> (see <Link href="/admin/tokens">API Tokens</Link>).
        </p>
      </Card>
    </>
  );
}
