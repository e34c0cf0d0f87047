"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Upper-right institution switcher: a labelled select and a submit button, so it works the
 * same with a keyboard and a screen reader. The choice is stored on the user.
 */
export function InstitutionSwitcher({ institutions, selectedId }: { institutions: Array<{ id: string; name: string; diCode: string }>; selectedId: string }) {
  const router = useRouter();
  // A page opened for a named institution (?institution=…, e.g. from an email or the
  // dashboard) shows that one: the header says what the page shows.
  const named = useSearchParams()?.get("institution");
  const shown = institutions.some((i) => i.id === named) ? named! : selectedId;
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Until the script runs, a click would submit natively: keep the button disabled.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const organizationId = String(new FormData(event.currentTarget).get("organizationId") ?? "");
    setPending(true);
    setError(null);
    try {
      const response = await fetch("/api/enrollment/selection", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ organizationId }),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        setError(body.error?.message ?? `The request failed (${response.status}).`);
        return;
      }
      // A page opened for a named institution (?institution=…) follows the new choice.
      const url = new URL(window.location.href);
      url.searchParams.delete("institution");
      router.replace(`${url.pathname}${url.search}`);
      router.refresh();
    } catch {
      setError("We could not reach the server. Try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} className="flex flex-wrap items-center gap-2" data-testid="institution-switcher">
      <label htmlFor="institution-switcher-select" className="text-sm">
        Institution
      </label>
      <select
        id="institution-switcher-select"
        name="organizationId"
        defaultValue={shown}
        key={shown}
        className="max-w-64 rounded border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900"
      >
        {institutions.map((i) => (
          <option key={i.id} value={i.id}>
            {i.name} ({i.diCode})
          </option>
        ))}
      </select>
      <button type="submit" disabled={!ready || pending} className="rounded border border-white/70 px-2 py-1 text-sm font-semibold text-white hover:bg-brand-800 disabled:opacity-60">
        {pending ? "Switching…" : "Switch"}
      </button>
      {error ? (
        <p role="alert" className="w-full rounded bg-white px-2 py-1 text-sm text-red-800" data-testid="switcher-error">
          {error}
        </p>
      ) : null}
    </form>
  );
}
