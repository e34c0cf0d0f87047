/** Where a bulk download is, from the request to the saved file. */
export type Phase =
  | { kind: "idle" }
  | { kind: "preparing"; records: number | null }
  | { kind: "downloading"; fileName: string; records: number; received: number; total: number | null }
  | { kind: "done"; fileName: string; records: number }
  | { kind: "started"; fileName: string; records: number }
  | { kind: "error"; message: string; fieldErrors: Record<string, string> };

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

/** The progress bar (when the size is known) and the status line screen readers follow. */
export function DownloadProgress({ phase }: { phase: Phase }) {
  return (
    <>
      {phase.kind === "downloading" && phase.total ? (
        <progress className="h-2 w-48" max={phase.total} value={phase.received} aria-label="Download progress" />
      ) : null}
      {/* Always in the page, so screen readers hear every change of its text. */}
      <p role="status" aria-live="polite" data-testid="bulk-progress" className="text-sm text-slate-800">
        {progressText(phase)}
      </p>
    </>
  );
}
