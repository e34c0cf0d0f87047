"use client";
import { useEffect, useId, useRef, useState } from "react";
import { callApi } from "@/components/api/call-api";
import type { OrganizationSuggestion } from "@/lib/enrollment/queries";
import type { OrganizationSearchResponse } from "@/lib/enrollment/serializers";

/** An organization as the typeahead shows it (the route's answer). */
export type Organization = OrganizationSuggestion;

function place(o: Organization): string {
  return [o.city, [o.state, o.zip].filter(Boolean).join(" ")].filter(Boolean).join(", ");
}

type SearchState = { status: "idle" } | { status: "loading" } | { status: "done"; results: Organization[] } | { status: "error"; message: string };

/**
 * "Professional Organization: start typing" — an ARIA 1.2 combobox: suggestions come from
 * /api/organizations as the user types (narrowed by the ZIP code), arrow keys move through
 * them, Enter picks one, Escape closes the list. The chosen organization's id is submitted.
 */
export function OrganizationCombobox({
  zip,
  value,
  onChange,
  error,
}: {
  zip: string;
  value: Organization | null;
  onChange: (organization: Organization | null) => void;
  error?: string | undefined;
}) {
  const id = useId();
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const statusId = `${id}-status`;
  const errorId = `${id}-error`;
  const [text, setText] = useState(value?.name ?? "");
  const [search, setSearch] = useState<SearchState>({ status: "idle" });
  const [expanded, setExpanded] = useState(false);
  const [active, setActive] = useState(-1);
  const requestRef = useRef<AbortController | null>(null);

  const zipReady = /^\d{5}$/.test(zip);
  const query = value && value.name === text ? "" : text.trim();

  useEffect(() => {
    if (query.length < 2 && !zipReady) {
      requestRef.current?.abort();
      setSearch({ status: "idle" });
      return;
    }
    setSearch({ status: "loading" });
    const timer = setTimeout(async () => {
      requestRef.current?.abort();
      const controller = new AbortController();
      requestRef.current = controller;
      const params = new URLSearchParams({ q: query });
      if (zipReady) params.set("zip", zip);
      const answer = await callApi<OrganizationSearchResponse>("GET", `/api/organizations?${params}`, undefined, { signal: controller.signal });
      if (controller.signal.aborted) return;
      setSearch(answer.ok ? { status: "done", results: answer.data.organizations } : { status: "error", message: answer.message });
      setActive(-1);
    }, 200);
    return () => clearTimeout(timer);
  }, [query, zip, zipReady]);

  const results = search.status === "done" ? search.results : [];
  const open = expanded && results.length > 0;

  function choose(o: Organization) {
    onChange(o);
    setText(o.name);
    setExpanded(false);
    setActive(-1);
  }

  function onKeyDown(event: React.KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!results.length) return;
      event.preventDefault();
      setExpanded(true);
      const step = event.key === "ArrowDown" ? 1 : -1;
      setActive((a) => (a + step + results.length) % results.length);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      choose(results[active]!);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setExpanded(false);
      setActive(-1);
    }
  }

  let status = "";
  if (search.status === "loading") status = "Searching…";
  else if (search.status === "error") status = search.message;
  else if (search.status === "done" && !value) {
    status = results.length
      ? `${results.length} ${results.length === 1 ? "organization matches" : "organizations match"}${results.length >= 20 ? " (the first 20 are shown; type more of the name or add a ZIP code)" : ""}. Use the arrow keys to choose.`
      : `No organizations match${zipReady ? ` at ZIP code ${zip}` : ""}. Check the spelling${zipReady ? " or clear the ZIP code" : ""}.`;
  }
  const describedBy = [statusId, error ? errorId : null].filter(Boolean).join(" ");

  return (
    <div className="relative space-y-1">
      <label htmlFor={inputId} className="block text-sm text-slate-800">
        <b>Professional Organization:</b> <small>start typing</small>
      </label>
      <input
        id={inputId}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setExpanded(true);
          if (value) onChange(null);
        }}
        onFocus={() => setExpanded(true)}
        onBlur={() => setExpanded(false)}
        onKeyDown={onKeyDown}
        className={`block w-full rounded border px-3 py-2 text-sm shadow-sm ${error ? "border-red-600" : "border-slate-400"}`}
      />
      <ul
        id={listId}
        role="listbox"
        aria-label="Matching organizations"
        hidden={!open}
        className="absolute z-10 mt-1 max-h-72 w-full overflow-y-auto rounded border border-slate-300 bg-white shadow-lg"
      >
        {results.map((o, i) => (
          <li
            key={o.id}
            id={`${listId}-${i}`}
            role="option"
            aria-selected={i === active}
            // Keep focus in the input so the click lands before the list closes.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => choose(o)}
            className={`cursor-pointer px-3 py-2 text-sm ${i === active ? "bg-brand-50" : "hover:bg-slate-100"}`}
          >
            <span className="font-semibold">{o.name}</span> <span className="text-slate-700">{place(o)}</span>
          </li>
        ))}
      </ul>
      <p id={statusId} aria-live="polite" className="text-xs text-slate-700" data-testid="organization-status">
        {value ? `Selected: ${value.name}${place(value) ? `, ${place(value)}` : ""} (DI code ${value.diCode})` : status}
      </p>
      {error ? (
        <p id={errorId} className="text-sm text-red-700" data-testid="organization-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
