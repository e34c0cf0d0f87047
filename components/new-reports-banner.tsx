import Link from "next/link";
import { formatLongDate } from "@/lib/dates";

/**
 * "New score reports are available!" for one user at one institution (dashboard and Bulk
 * Reports tab). Counts are per user: a colleague's downloads do not change them.
 */
export function NewReportsBanner({
  newCount,
  lastDownloadAt,
  institutionName,
  bulkHref,
}: {
  /** null until the user's first full file. */
  newCount: number | null;
  lastDownloadAt: Date | null;
  institutionName?: string;
  /** Where "the incremental file" links to; omitted on the Bulk Reports tab itself. */
  bulkHref?: string;
}) {
  const where = institutionName ? ` for ${institutionName}` : "";
  if (newCount === null) {
    return (
      <div role="status" data-testid="new-reports-banner" className="mb-6 rounded border border-brand-600/30 bg-brand-50 px-4 py-3 text-sm text-brand-900">
        <p className="font-semibold">Download your first full file{where}</p>
        <p>
          Downloading the {bulkHref ? <Link href={bulkHref}>Full File</Link> : "Full File"} activates your Incremental File option; after that, new score
          reports are counted here.
        </p>
      </div>
    );
  }
  if (newCount === 0 || !lastDownloadAt) return null;
  return (
    <div role="status" data-testid="new-reports-banner" className="mb-6 rounded border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <p className="font-semibold">New score reports are available!</p>
      {institutionName ? <p className="text-xs">{institutionName}</p> : null}
      <p>
        <span data-testid="new-reports-count">{newCount}</span> new score report(s) since your last incremental or full file TXT / CSV download on{" "}
        {formatLongDate(lastDownloadAt)}. Download the {bulkHref ? <Link href={bulkHref}>incremental file</Link> : "incremental file"} to pull down just the new
        score reports.
      </p>
    </div>
  );
}
