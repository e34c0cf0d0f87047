import { Button } from "@/components/ui/button";
import { KeptFields } from "./lookup-forms";
import { PDF_STATUSES, STATUS_LABELS, lookupParams, type Lookup, type Refinement } from "@/lib/pdf-reports/schema";
import type { PdfLookupResult } from "@/lib/pdf-reports/queries";

/** Narrows the results by name or AP ID and by download status, keeping the lookup and the sort. */
export function RefineForm({
  lookup,
  refinement,
  byStatus,
  keep,
}: {
  lookup: Lookup;
  refinement: Refinement;
  byStatus: PdfLookupResult["byStatus"];
  keep: Record<string, string>;
}) {
  return (
    <form method="get" action="/pdf" className="mt-4 flex flex-wrap items-end gap-3" role="search" aria-label="Refine search results">
      <KeptFields keep={keep} />
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
        <select
          id="pdf-status"
          name="status"
          defaultValue={refinement.status ?? ""}
          className="block rounded border border-slate-400 bg-white px-3 py-2 text-sm"
        >
          <option value="">All statuses ({byStatus.new + byStatus["not-downloaded"] + byStatus.downloaded})</option>
          {PDF_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]} ({byStatus[s]})
            </option>
          ))}
        </select>
      </div>
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}

/** What the download statuses mean. */
export function StatusHelp() {
  return (
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
  );
}
