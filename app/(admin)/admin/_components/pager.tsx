import Link from "next/link";
import { describePage, type PageOf } from "@/lib/paging";

/**
 * "Showing 51–100 of 1,204" and Previous / Next links that keep the search. A navigation
 * landmark of its own, so screen-reader users can jump to it.
 */
export function Pager({
  result,
  params,
  label,
}: {
  result: PageOf<unknown>;
  /** The search as query parameters (without page). */ params: Record<string, string>;
  label: string;
}) {
  const href = (page: number) =>
    `?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([, v]) => v)), ...(page > 1 ? { page: String(page) } : {}) }).toString()}`;
  const summary = describePage({ ...result, shown: result.rows.length });
  return (
    <div className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm">
      <p data-testid="page-summary">{summary}</p>
      {result.pages > 1 ? (
        <nav aria-label={`${label} pages`} className="flex items-center gap-3 print:hidden">
          {result.page > 1 ? <Link href={href(result.page - 1)}>Previous page</Link> : <span className="text-slate-500">Previous page</span>}
          <span aria-current="page">
            Page {result.page} of {result.pages}
          </span>
          {result.page < result.pages ? <Link href={href(result.page + 1)}>Next page</Link> : <span className="text-slate-500">Next page</span>}
        </nav>
      ) : null}
    </div>
  );
}
