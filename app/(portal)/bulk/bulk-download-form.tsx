"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";

type Format = "TXT" | "CSV";
type Option = "INCREMENTAL" | "FULL" | "CUSTOM";

interface CreatedFile {
  id: string;
  fileName: string;
  recordCount: number;
  downloadUrl: string;
}

interface ErrorBody {
  error?: { message?: string; field?: string; fieldErrors?: Record<string, string> };
}

type Phase =
  | { kind: "idle" }
  | { kind: "preparing"; records: number | null }
  | { kind: "downloading"; fileName: string; records: number; received: number; total: number | null }
  | { kind: "done"; fileName: string; records: number }
  | { kind: "started"; fileName: string; records: number }
  | { kind: "error"; message: string; fieldErrors: Record<string, string> };

/**
 * Files above this size go straight from the server to the browser's download manager
 * (no progress here, no memory used by the page); smaller ones are fetched with a progress
 * bar so the page knows when the file has arrived and can refresh its counts.
 */
const IN_PAGE_LIMIT_RECORDS = 50_000;

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function progressText(phase: Phase): string {
  switch (phase.kind) {
    case "idle":
    case "error":
      return "";
    case "preparing":
      return phase.records === null ? "Preparing your file…" : `Preparing your file… (${plural(phase.records, "record")})`;
    case "downloading":
      return phase.total
        ? `Downloading ${phase.fileName} (${plural(phase.records, "record")})… ${Math.floor((phase.received / phase.total) * 100)}%`
        : `Downloading ${phase.fileName} (${plural(phase.records, "record")})…`;
    case "done":
      return `Download complete: ${phase.fileName} (${plural(phase.records, "record")}).`;
    case "started":
      return `Your browser is downloading ${phase.fileName} (${plural(phase.records, "record")}).`;
  }
}

/** Fields that show their own message; the summary then only points at them. */
const SHOWN_FIELDS = new Set(["format", "start", "end"]);

async function errorOf(response: Response): Promise<{ message: string; fieldErrors: Record<string, string> }> {
  const body = (await response.json().catch(() => ({}))) as ErrorBody;
  const message = body.error?.message ?? `The request failed (${response.status}). Please try again.`;
  const field = body.error?.field;
  const all = body.error?.fieldErrors ?? (field ? { [field]: message } : {});
  const fieldErrors = Object.fromEntries(Object.entries(all).filter(([key]) => SHOWN_FIELDS.has(key)));
  return { message: Object.keys(fieldErrors).length ? "Please correct the fields marked above." : message, fieldErrors };
}

function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The browser has taken its copy once the click's task has run.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function BulkDownloadForm({
  institutionId,
  newCount,
  lastDownloadLabel,
  yearStartLabel,
  retentionStartLabel,
  minDate,
  maxDate,
}: {
  institutionId: string;
  /** null until the user's first full file: the incremental option is not available yet. */
  newCount: number | null;
  lastDownloadLabel: string | null;
  yearStartLabel: string;
  retentionStartLabel: string;
  minDate: string;
  maxDate: string;
}) {
  const router = useRouter();
  const ids = useId();
  const incrementalAvailable = newCount !== null;
  const [format, setFormat] = useState<Format>("TXT");
  const [option, setOption] = useState<Option>(incrementalAvailable ? "INCREMENTAL" : "FULL");
  const [start, setStart] = useState("");
  const [end, setEnd] = useState("");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const busy = phase.kind === "preparing" || phase.kind === "downloading";
  // Until React has taken over, a click would submit the form natively (a GET to this page).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const busyRef = useRef(false);
  const fieldErrors = phase.kind === "error" ? phase.fieldErrors : {};

  async function download(file: CreatedFile): Promise<void> {
    if (file.recordCount > IN_PAGE_LIMIT_RECORDS) {
      window.location.assign(file.downloadUrl);
      setPhase({ kind: "started", fileName: file.fileName, records: file.recordCount });
      // The counts move once the server has sent the whole file; look again a little later.
      setTimeout(() => router.refresh(), 15_000);
      return;
    }
    setPhase({ kind: "downloading", fileName: file.fileName, records: file.recordCount, received: 0, total: null });
    const response = await fetch(file.downloadUrl, { cache: "no-store" });
    if (!response.ok || !response.body) {
      const { message } = await errorOf(response);
      setPhase({ kind: "error", message, fieldErrors: {} });
      return;
    }
    const total = Number(response.headers.get("content-length")) || null;
    const reader = response.body.getReader();
    const parts: Uint8Array<ArrayBuffer>[] = [];
    let received = 0;
    let lastShown = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value as Uint8Array<ArrayBuffer>);
      received += value.byteLength;
      // Re-render (and re-announce) at most every few percent, not on every chunk.
      if (!total || received - lastShown >= total / 20) {
        lastShown = received;
        setPhase({ kind: "downloading", fileName: file.fileName, records: file.recordCount, received, total });
      }
    }
    const type = response.headers.get("content-type") ?? "application/octet-stream";
    saveBlob(new Blob(parts, { type }), file.fileName);
    setPhase({ kind: "done", fileName: file.fileName, records: file.recordCount });
    router.refresh();
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busyRef.current) return;
    busyRef.current = true;
    setPhase({ kind: "preparing", records: null });
    try {
      const response = await fetch("/api/bulk/files", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ institutionId, format, type: option, ...(option === "CUSTOM" ? { start, end } : {}) }),
      });
      if (!response.ok) {
        setPhase({ kind: "error", ...(await errorOf(response)) });
        return;
      }
      const file = (await response.json()) as CreatedFile;
      setPhase({ kind: "preparing", records: file.recordCount });
      await download(file);
    } catch {
      setPhase({ kind: "error", message: "We could not reach the server. Check your connection and try again.", fieldErrors: {} });
    } finally {
      busyRef.current = false;
    }
  }

  const radio = "mt-1 h-4 w-4 shrink-0 accent-brand-700";
  const errorMessage = phase.kind === "error" ? phase.message : null;

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={`${ids}-required`} className="space-y-6">
      <fieldset className="space-y-3" aria-describedby={fieldErrors.format ? `${ids}-format-error` : undefined}>
        <legend className="mb-2 text-base font-semibold text-brand-900">
          File Format<span aria-hidden="true">*</span>
        </legend>
        <div className="flex gap-3">
          <input id={`${ids}-txt`} type="radio" name="format" value="TXT" checked={format === "TXT"} onChange={() => setFormat("TXT")} className={radio} />
          <div>
            <label htmlFor={`${ids}-txt`} className="font-semibold">
              TXT:
            </label>{" "}
            <span className="text-slate-800">
              Non delimited, fixed width txt file; View the <Link href="/docs/txt-layout">TXT layout specifications</Link> or download a{" "}
              <a href="/api/docs/txt-sample.txt" download>
                TXT sample file
              </a>
              .
            </span>
          </div>
        </div>
        <div className="flex gap-3">
          <input id={`${ids}-csv`} type="radio" name="format" value="CSV" checked={format === "CSV"} onChange={() => setFormat("CSV")} className={radio} />
          <div>
            <label htmlFor={`${ids}-csv`} className="font-semibold">
              CSV:
            </label>{" "}
            <span className="text-slate-800">
              Comma-separated value file; View the CSV <Link href="/docs/csv-layout">layout specification</Link>.
            </span>
          </div>
        </div>
        {fieldErrors.format ? (
          <p id={`${ids}-format-error`} className="text-sm text-red-700">
            {fieldErrors.format}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="space-y-3">
        <legend className="mb-2 text-base font-semibold text-brand-900">
          Bulk Report Download Options<span aria-hidden="true">*</span>
        </legend>

        <div className="flex gap-3">
          <input
            id={`${ids}-incremental`}
            type="radio"
            name="option"
            value="INCREMENTAL"
            checked={option === "INCREMENTAL"}
            disabled={!incrementalAvailable}
            aria-describedby={`${ids}-incremental-text`}
            onChange={() => setOption("INCREMENTAL")}
            className={radio}
          />
          <div>
            <label htmlFor={`${ids}-incremental`} className={`font-semibold ${incrementalAvailable ? "" : "text-slate-600"}`}>
              Incremental File:
            </label>{" "}
            {incrementalAvailable ? (
              <span id={`${ids}-incremental-text`} className="text-slate-800" data-testid="incremental-description">
                <span data-testid="incremental-count">{newCount}</span> new score report(s) since your last incremental or full file TXT / CSV download on{" "}
                {lastDownloadLabel}
              </span>
            ) : (
              <span id={`${ids}-incremental-text`} className="text-slate-700" data-testid="incremental-unavailable">
                Not available yet. Downloading the Full File activates your Incremental File option, which then holds only the score reports sent
                since your last incremental or full file TXT / CSV download.
              </span>
            )}
          </div>
        </div>

        <div className="flex gap-3">
          <input id={`${ids}-full`} type="radio" name="option" value="FULL" checked={option === "FULL"} onChange={() => setOption("FULL")} className={radio} />
          <div>
            <label htmlFor={`${ids}-full`} className="font-semibold">
              Full File:
            </label>{" "}
            <span className="text-slate-800">All score reports sent to your institution since {yearStartLabel}</span>
          </div>
        </div>

        <div className="flex gap-3">
          <input id={`${ids}-custom`} type="radio" name="option" value="CUSTOM" checked={option === "CUSTOM"} onChange={() => setOption("CUSTOM")} className={radio} />
          <div className="flex-1">
            <label htmlFor={`${ids}-custom`} className="font-semibold">
              Custom Date Range:
            </label>{" "}
            <span className="text-slate-800">
              All score reports sent to your institution in a specific date range anywhere between {retentionStartLabel} and today
            </span>
            <div className="mt-3 grid max-w-md grid-cols-2 gap-4">
              <Field
                label="Start Date"
                name="start"
                type="date"
                min={minDate}
                max={maxDate}
                value={start}
                error={fieldErrors.start}
                onChange={(e) => {
                  setStart(e.target.value);
                  setOption("CUSTOM");
                }}
              />
              <Field
                label="End Date"
                name="end"
                type="date"
                min={minDate}
                max={maxDate}
                value={end}
                error={fieldErrors.end}
                onChange={(e) => {
                  setEnd(e.target.value);
                  setOption("CUSTOM");
                }}
              />
            </div>
          </div>
        </div>
      </fieldset>

      <p id={`${ids}-required`} className="text-sm text-slate-700">
        *Required
      </p>

      {errorMessage ? (
        <Notice tone="error" testId="bulk-error">
          {errorMessage}
        </Notice>
      ) : null}

      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" className={buttonClass("primary")} disabled={busy || !hydrated} aria-disabled={busy || !hydrated}>
          {busy ? (
            <>
              <span className="inline-block h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" aria-hidden="true" />
              Working…
            </>
          ) : (
            "Download"
          )}
        </button>
        {phase.kind === "downloading" && phase.total ? (
          <progress className="h-2 w-48" max={phase.total} value={phase.received} aria-label="Download progress" />
        ) : null}
        {/* Always in the page, so screen readers hear every change of its text. */}
        <p role="status" aria-live="polite" data-testid="bulk-progress" className="text-sm text-slate-800">
          {progressText(phase)}
        </p>
      </div>
    </form>
  );
}
