"use client";
import { useRouter } from "next/navigation";
import { useId, useRef, useState } from "react";
import { callApi, type ApiFailure } from "@/components/api/call-api";
import { fetchFileWithProgress } from "@/components/api/download";
import { useHydrated } from "@/components/api/use-api";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { BulkFileCreated } from "@/lib/bulk/serializers";
import { DownloadOptions, type Option, type OptionLabels } from "./download-options";
import { DownloadProgress, type Phase } from "./download-progress";
import { FormatOptions, type Format } from "./format-options";

/**
 * Files above this size go straight from the server to the browser's download manager
 * (no progress here, no memory used by the page); smaller ones are fetched with a progress
 * bar so the page knows when the file has arrived and can refresh its counts.
 */
const IN_PAGE_LIMIT_RECORDS = 50_000;

/** Fields that show their own message; the summary then only points at them. */
const SHOWN_FIELDS = new Set(["format", "start", "end"]);

function errorPhase(failure: ApiFailure): Phase {
  const all = Object.keys(failure.fieldErrors).length ? failure.fieldErrors : failure.field ? { [failure.field]: failure.message } : {};
  const fieldErrors = Object.fromEntries(Object.entries(all).filter(([key]) => SHOWN_FIELDS.has(key)));
  return { kind: "error", message: Object.keys(fieldErrors).length ? "Please correct the fields marked above." : failure.message, fieldErrors };
}

export function BulkDownloadForm({ institutionId, ...labels }: OptionLabels & { institutionId: string }) {
  const router = useRouter();
  const ids = useId();
  const [format, setFormat] = useState<Format>("TXT");
  const [option, setOption] = useState<Option>(labels.newCount !== null ? "INCREMENTAL" : "FULL");
  const [range, setRange] = useState({ start: "", end: "" });
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const busy = phase.kind === "preparing" || phase.kind === "downloading";
  // Until React has taken over, a click would submit the form natively (a GET to this page).
  const hydrated = useHydrated();
  const busyRef = useRef(false);
  const fieldErrors = phase.kind === "error" ? phase.fieldErrors : {};

  async function download(file: BulkFileCreated): Promise<void> {
    if (file.recordCount > IN_PAGE_LIMIT_RECORDS) {
      window.location.assign(file.downloadUrl);
      setPhase({ kind: "started", fileName: file.fileName, records: file.recordCount });
      // The counts move once the server has sent the whole file; look again a little later.
      setTimeout(() => router.refresh(), 15_000);
      return;
    }
    setPhase({ kind: "downloading", fileName: file.fileName, records: file.recordCount, received: 0, total: null });
    const refused = await fetchFileWithProgress(file.downloadUrl, file.fileName, (received, total) =>
      setPhase({ kind: "downloading", fileName: file.fileName, records: file.recordCount, received, total }),
    );
    if (refused) {
      setPhase({ kind: "error", message: refused, fieldErrors: {} });
      return;
    }
    setPhase({ kind: "done", fileName: file.fileName, records: file.recordCount });
    router.refresh();
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busyRef.current) return;
    busyRef.current = true;
    setPhase({ kind: "preparing", records: null });
    try {
      const answer = await callApi<BulkFileCreated>("POST", "/api/bulk/files", { institutionId, format, type: option, ...(option === "CUSTOM" ? range : {}) });
      if (!answer.ok) {
        setPhase(errorPhase(answer));
        return;
      }
      setPhase({ kind: "preparing", records: answer.data.recordCount });
      await download(answer.data);
    } finally {
      busyRef.current = false;
    }
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-describedby={`${ids}-required`} className="space-y-6">
      <FormatOptions ids={ids} format={format} onChange={setFormat} error={fieldErrors.format} />
      <DownloadOptions ids={ids} option={option} onOption={setOption} range={range} onRange={setRange} errors={fieldErrors} labels={labels} />

      <p id={`${ids}-required`} className="text-sm text-slate-700">
        *Required
      </p>

      {phase.kind === "error" ? (
        <Notice tone="error" testId="bulk-error">
          {phase.message}
        </Notice>
      ) : null}

      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={!hydrated} pending={busy}>
          Download
        </Button>
        <DownloadProgress phase={phase} />
      </div>
    </form>
  );
}
