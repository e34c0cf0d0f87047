"use client";
import { useRouter, useSearchParams } from "next/navigation";
import { useApi } from "@/components/api/use-api";
import { Button } from "@/components/ui/button";

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
  const switcher = useApi("POST", "/api/enrollment/selection", {
    onSuccess: () => {
      // A page opened for a named institution (?institution=…) follows the new choice.
      const url = new URL(window.location.href);
      url.searchParams.delete("institution");
      router.replace(`${url.pathname}${url.search}`);
      router.refresh();
    },
  });

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void switcher.run({ organizationId: String(new FormData(event.currentTarget).get("organizationId") ?? "") });
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
      <Button type="submit" variant="onDark" disabled={!switcher.ready} pending={switcher.pending} pendingLabel="Switching…">
        Switch
      </Button>
      {switcher.message ? (
        <p role="alert" className="w-full rounded bg-white px-2 py-1 text-sm text-red-800" data-testid="switcher-error">
          {switcher.message}
        </p>
      ) : null}
    </form>
  );
}
