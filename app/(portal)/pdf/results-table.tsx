"use client";
import { postForFile } from "@/components/api/download";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { MAX_PDF_SELECTION, STATUS_LABELS, type PdfStatus, type SortColumn } from "@/lib/pdf-reports/schema";

export interface ResultRow {
  id: string;
  lastName: string;
  firstName: string;
  middleInitial: string;
  dateOfBirth: string;
  apId: string;
  releasedAt: string;
  downloadedAt: string | null;
  status: PdfStatus;
}

interface Column {
  key: SortColumn;
  label: string;
  sort: "asc" | "desc" | null;
  href: string;
}

type Selection = Record<string, string>;

const STATUS_STYLE: Record<PdfStatus, string> = {
  new: "bg-amber-100 text-amber-900 border-amber-300",
  "not-downloaded": "bg-slate-100 text-slate-800 border-slate-300",
  downloaded: "bg-green-50 text-green-900 border-green-300",
};

/**
 * The results table and the selection. Sorting, filtering and paging are links (the server
 * renders each page); the selection survives them in sessionStorage, keyed by user,
 * institution and lookup, so a selection can span result pages.
 */
export function ResultsTable({
  rows,
  total,
  columns,
  pagination,
  institutionId,
  selectionKey,
}: {
  rows: ResultRow[];
  total: number;
  columns: Column[];
  pagination: { page: number; pageCount: number; previous: string | null; next: string | null };
  institutionId: string;
  selectionKey: string;
}) {
  const router = useRouter();
  const storageKey = `pdf-selection:${selectionKey}`;
  const [selected, setSelected] = useState<Selection>({});
  const [capNotice, setCapNotice] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    try {
      const saved = sessionStorage.getItem(storageKey);
      // The browser's storage exists only after hydration, so the saved selection is restored here.
      // eslint-disable-next-line react-hooks/set-state-in-effect
      if (saved) setSelected(JSON.parse(saved) as Selection);
    } catch {
      // Storage may be unavailable (private mode); the selection then lives on this page only.
    }
  }, [storageKey]);

  function update(next: Selection) {
    setSelected(next);
    try {
      sessionStorage.setItem(storageKey, JSON.stringify(next));
    } catch {
      // see above
    }
  }

  const count = Object.keys(selected).length;
  const full = count >= MAX_PDF_SELECTION;
  const onPage = rows.filter((r) => selected[r.id]).length;

  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = onPage > 0 && onPage < rows.length;
  }, [onPage, rows.length]);

  function toggle(row: ResultRow, checked: boolean) {
    setDone(null);
    if (checked) {
      if (full) {
        setCapNotice(true);
        return;
      }
      update({ ...selected, [row.id]: `${row.lastName}, ${row.firstName}` });
    } else {
      const { [row.id]: _removed, ...rest } = selected;
      update(rest);
      setCapNotice(false);
    }
  }

  function toggleAll(checked: boolean) {
    setDone(null);
    if (!checked) {
      const next = { ...selected };
      for (const r of rows) delete next[r.id];
      update(next);
      setCapNotice(false);
      return;
    }
    const next = { ...selected };
    let room = MAX_PDF_SELECTION - Object.keys(next).length;
    let skipped = false;
    for (const r of rows) {
      if (next[r.id]) continue;
      if (room <= 0) {
        skipped = true;
        break;
      }
      next[r.id] = `${r.lastName}, ${r.firstName}`;
      room--;
    }
    update(next);
    setCapNotice(skipped);
  }

  function clearAll() {
    update({});
    setCapNotice(false);
    setDone(null);
  }

  async function download() {
    const ids = Object.keys(selected);
    if (!ids.length) return;
    setPending(true);
    setError(null);
    setDone(null);
    const answer = await postForFile("/api/pdf/download", { reportIds: ids, institutionId }, "AP_reports.pdf");
    setPending(false);
    if (!answer.ok) {
      setError(answer.message);
      return;
    }
    update({});
    setCapNotice(false);
    setDone(`Downloaded ${ids.length} score report(s) as ${answer.fileName}.`);
    router.refresh();
  }

  return (
    <div className="mt-4">
      <div className="flex flex-wrap items-center justify-between gap-3 border-y border-slate-200 py-3">
        <p className="text-sm text-slate-700" data-testid="pdf-showing">
          Showing {rows.length} of {total} results
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <span className="text-sm text-slate-700" id="pdf-cap-hint">
            Select up to {MAX_PDF_SELECTION} students
          </span>
          <Button variant="link" onClick={clearAll} disabled={count === 0}>
            Clear All
          </Button>
          <span className="text-sm font-semibold" aria-live="polite" data-testid="pdf-selection-count">
            {count} of {MAX_PDF_SELECTION} maximum selections
          </span>
          <Button onClick={download} disabled={count === 0 || pending} aria-disabled={count === 0 || pending}>
            {pending ? (
              <>
                <span className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden="true" />
                Preparing PDF…
              </>
            ) : (
              "Download"
            )}
          </Button>
        </div>
      </div>

      <div aria-live="polite">
        {capNotice || full ? (
          <p className="mt-3 rounded border border-amber-300 bg-amber-50 px-4 py-2 text-sm text-amber-900" id="pdf-cap-reached" data-testid="pdf-cap-notice">
            {full
              ? `You have selected the maximum of ${MAX_PDF_SELECTION} students. Download them, then select more: each PDF download has a maximum of ${MAX_PDF_SELECTION} students.`
              : null}
          </p>
        ) : null}
        {done ? (
          <p className="mt-3 rounded border border-green-300 bg-green-50 px-4 py-2 text-sm text-green-900" data-testid="pdf-download-done">
            {done}
          </p>
        ) : null}
      </div>
      {error ? (
        <p role="alert" className="mt-3 rounded border border-red-300 bg-red-50 px-4 py-2 text-sm text-red-900" data-testid="pdf-download-error">
          {error}
        </p>
      ) : null}

      {rows.length ? (
        <div tabIndex={0} className="mt-3 overflow-x-auto">
          <table className="w-full border-collapse text-left text-sm" data-testid="pdf-results">
            <caption className="sr-only">Students matching your search; select rows to download their reports as one PDF.</caption>
            <thead>
              <tr className="border-b-2 border-slate-300 align-bottom">
                <th scope="col" className="px-2 py-2">
                  <label className="flex items-center gap-1 whitespace-nowrap">
                    <input
                      ref={selectAllRef}
                      type="checkbox"
                      checked={rows.length > 0 && onPage === rows.length}
                      onChange={(e) => toggleAll(e.target.checked)}
                      aria-describedby="pdf-cap-hint"
                    />
                    Select All
                  </label>
                </th>
                {columns.map((c) => (
                  <th key={c.key} scope="col" className="px-2 py-2" aria-sort={c.sort === "asc" ? "ascending" : c.sort === "desc" ? "descending" : undefined}>
                    <Link href={c.href} className="inline-flex items-center gap-1 text-brand-700">
                      {c.label}
                      <span aria-hidden="true">{c.sort === "asc" ? "▲" : c.sort === "desc" ? "▼" : "↕"}</span>
                      <span className="sr-only">{c.sort ? `, sorted ${c.sort === "asc" ? "ascending" : "descending"}` : ", sort"}</span>
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const checked = Boolean(selected[r.id]);
                const blocked = !checked && full;
                return (
                  <tr key={r.id} className={`border-b border-slate-200 ${checked ? "bg-brand-50" : ""}`} data-testid={`pdf-row-${r.apId}`}>
                    <td className="px-2 py-2">
                      <input
                        type="checkbox"
                        checked={checked}
                        disabled={blocked}
                        onChange={(e) => toggle(r, e.target.checked)}
                        aria-label={`Select ${r.firstName} ${r.lastName}, AP ID ${r.apId}`}
                        aria-describedby={blocked ? "pdf-cap-reached" : undefined}
                      />
                    </td>
                    <td className="px-2 py-2 font-semibold">{r.lastName}</td>
                    <td className="px-2 py-2">{r.firstName}</td>
                    <td className="px-2 py-2">{r.middleInitial}</td>
                    <td className="px-2 py-2">{r.dateOfBirth}</td>
                    <td className="px-2 py-2 font-mono">{r.apId}</td>
                    <td className="px-2 py-2">{r.releasedAt}</td>
                    <td className="px-2 py-2" data-testid="pdf-status">
                      <span className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[r.status]}`}>
                        {STATUS_LABELS[r.status]}
                      </span>
                      {r.downloadedAt ? (
                        <>
                          {" "}
                          <span className="ml-1">{r.downloadedAt}</span>
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-4 text-slate-700" data-testid="pdf-empty">
          No students match your search. Check the spelling, try another search field, or choose a different status filter.
        </p>
      )}

      {pagination.pageCount > 1 ? (
        <nav aria-label="Result pages" className="mt-4 flex items-center justify-between text-sm">
          {pagination.previous ? <Link href={pagination.previous}>Previous page</Link> : <span />}
          <span>
            Page {pagination.page} of {pagination.pageCount}
          </span>
          {pagination.next ? <Link href={pagination.next}>Next page</Link> : <span />}
        </nav>
      ) : null}
    </div>
  );
}
