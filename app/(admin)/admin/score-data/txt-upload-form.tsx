"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { callApi } from "@/components/api/call-api";
import { useHydrated, type ApiState } from "@/components/api/use-api";
import type { ScoreReportsLoaded } from "@/lib/reports/serializers";

export function TxtUploadForm() {
  const [state, setState] = useState<ApiState>({ pending: false, message: null, fieldErrors: {} });
  const [result, setResult] = useState<ScoreReportsLoaded["released"] | null>(null);
  const ready = useHydrated();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get("file");
    const diCode = String(data.get("diCode") ?? "").trim();
    setResult(null);
    if (!(file instanceof File) || file.size === 0) {
      setState({ pending: false, message: "Choose a TXT file to upload.", fieldErrors: { file: "Choose a TXT file to upload." } });
      return;
    }
    setState({ pending: true, message: null, fieldErrors: {} });
    const text = await file.text();
    const query = diCode ? `?diCode=${encodeURIComponent(diCode)}` : "";
    const answer = await callApi<ScoreReportsLoaded>("POST", `/api/admin/score-reports/txt${query}`, text, { contentType: "text/plain; charset=utf-8" });
    if (!answer.ok) return setState({ pending: false, message: answer.message, fieldErrors: answer.fieldErrors });
    setState({ pending: false, message: null, fieldErrors: {} });
    setResult(answer.data.released);
  }

  const lineProblems = Object.entries(state.fieldErrors).filter(([k]) => k.startsWith("line "));
  const institutions = result ? [...new Set(result.map((r) => r.diCode))] : [];
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {state.message ? (
        <Notice tone="error" testId="form-error" title="Nothing was loaded.">
          <p>{state.message}</p>
          {lineProblems.length > 1 ? (
            <ul className="mt-2 list-disc pl-5" data-testid="line-problems">
              {lineProblems.map(([line, message]) => (
                <li key={line}>
                  {line[0]!.toUpperCase() + line.slice(1)}: {message}
                </li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      {result ? (
        <Notice tone="success" testId="upload-result">
          Loaded {result.length} score report{result.length === 1 ? "" : "s"} for DI code{institutions.length === 1 ? "" : "s"} {institutions.join(", ")}.
        </Notice>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="DI code (optional)"
          name="diCode"
          inputMode="numeric"
          maxLength={6}
          hint="Blank: each record goes to the college code written in it."
          error={state.fieldErrors.diCode}
        />
        <Field label="TXT file" name="file" type="file" accept=".txt,text/plain" required error={state.fieldErrors.file} />
      </div>
      <Button type="submit" disabled={state.pending || !ready} pending={state.pending} pendingLabel="Loading…">
        Upload and Release
      </Button>
    </form>
  );
}
