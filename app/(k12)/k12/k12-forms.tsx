"use client";
import { useState } from "react";
import { useApi } from "@/components/api/use-api";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type {
  K12Message,
  OrganizationChosen,
  SchoolCodeRedeemed,
  SchoolCodesRevealed,
  SectionsSaved,
  StaffRemoved,
  TeachersRestricted,
} from "@/lib/k12/serializers";

/** One button per organization; choosing one makes it the organization every page shows. */
export function OrganizationPicker({
  options,
  currentId,
}: {
  options: Array<{ id: string; name: string; code: string; kind: string; roleLabel: string }>;
  currentId: string | null;
}) {
  const picker = useApi<OrganizationChosen>("POST", "/api/k12/organization");
  const [pending, setPending] = useState<string | null>(null);
  const error = picker.message;
  async function choose(id: string) {
    setPending(id);
    const answer = await picker.run({ organizationId: id });
    if (answer.ok) window.location.assign(answer.data.redirectTo);
    else setPending(null);
  }
  return (
    <div className="space-y-3">
      {error ? (
        <Notice tone="error" testId="form-error">
          {error}
        </Notice>
      ) : null}
      <ul className="divide-y divide-slate-200" data-testid="organization-list">
        {options.map((o) => (
          <li key={o.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
            <span>
              <span className="font-semibold">{o.name}</span>{" "}
              <span className="text-sm text-slate-600">
                ({o.kind === "DISTRICT" ? "District" : `AI code ${o.code}`}) · {o.roleLabel}
              </span>
              {o.id === currentId ? <span className="ml-2 rounded bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-900">Current</span> : null}
            </span>
            <Button
              variant={o.id === currentId ? "secondary" : "primary"}
              disabled={pending !== null}
              onClick={() => choose(o.id)}
              aria-label={`Select ${o.name}`}
            >
              {pending === o.id ? "Opening…" : "Select"}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function AccessCodeForm({ positions }: { positions: readonly string[] }) {
  const form = useApi<SchoolCodeRedeemed>("POST", "/api/k12/access-code", {
    onSuccess: (answer) => window.location.assign(answer.redirectTo),
  });
  return (
    <form onSubmit={form.onSubmit} className="max-w-md space-y-4" noValidate>
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      <Field
        label="School access code"
        name="code"
        required
        autoComplete="off"
        error={form.fieldErrors.code}
        hint="The code your principal shared with you, such as K7QMX-D4P29-TRWZB."
      />
      <div className="space-y-1">
        <label htmlFor="position" className="block text-sm font-semibold text-slate-800">
          Your position
        </label>
        <select
          id="position"
          name="position"
          className="block w-full rounded border border-slate-400 px-3 py-2 text-sm"
          defaultValue="AP Coordinator"
          aria-invalid={form.fieldErrors.position ? true : undefined}
        >
          {positions.map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
        {form.fieldErrors.position ? <p className="text-sm text-red-700">{form.fieldErrors.position}</p> : null}
      </div>
      <Button type="submit" disabled={!form.ready} pending={form.pending} pendingLabel="Checking…">
        Submit Access Code
      </Button>
    </form>
  );
}

export function SectionsForm({
  authorizationId,
  subject,
  choices,
  selected,
}: {
  authorizationId: string;
  subject: string;
  choices: string[];
  selected: string[];
}) {
  const [done, setDone] = useState<string | null>(null);
  const form = useApi<SectionsSaved>("POST", "/api/k12/sections", {
    toBody: (d) => ({ authorizationId, sections: d.getAll("sections").map(String) }),
    onSuccess: (answer) => setDone(answer.message),
  });
  return (
    <form onSubmit={form.onSubmit} className="space-y-3" noValidate>
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      {done ? (
        <Notice tone="success" testId="form-success">
          {done}
        </Notice>
      ) : null}
      <fieldset>
        <legend className="mb-2 text-sm font-semibold text-slate-800">Class sections for {subject}</legend>
        <div className="flex flex-wrap gap-4">
          {choices.map((s) => (
            <label key={s} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="sections" value={s} defaultChecked={selected.includes(s)} className="h-4 w-4" />
              Section {s}
            </label>
          ))}
        </div>
        {/* Sections and course errors have no single input to sit beside: list them under the choices. */}
        {Object.values(form.fieldErrors).map((m) => (
          <p key={m} className="mt-2 text-sm text-red-700">
            {m}
          </p>
        ))}
      </fieldset>
      <Button type="submit" disabled={!form.ready} pending={form.pending} pendingLabel="Saving…">
        Save Class Sections
      </Button>
    </form>
  );
}

export function RestrictTeachersForm({ restricted }: { restricted: boolean }) {
  const [state, setState] = useState(restricted);
  const [done, setDone] = useState<string | null>(null);
  const form = useApi<TeachersRestricted>("POST", "/api/k12/settings", {
    toBody: () => ({ teachersRestricted: !state }),
    onSuccess: (answer) => {
      setState(answer.teachersRestricted);
      setDone(answer.message);
    },
  });
  return (
    <form onSubmit={form.onSubmit} className="space-y-3">
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      {done ? (
        <Notice tone="success" testId="form-success">
          {done}
        </Notice>
      ) : null}
      <p className="text-sm" data-testid="restriction-state">
        {state ? "Teachers are restricted: they see only the instructional planning reports." : "Teachers see their own class sections' student results."}
      </p>
      <Button type="submit" variant={state ? "secondary" : "danger"} disabled={!form.ready} pending={form.pending} pendingLabel="Saving…">
        {state ? "Allow Teachers Student Results" : "Restrict Teachers from Student Results"}
      </Button>
    </form>
  );
}

export function RemoveStaffButton({ userId, schoolId, name }: { userId: string; schoolId: string | null; name: string }) {
  const [done, setDone] = useState(false);
  const removal = useApi<StaffRemoved>("DELETE", "/api/k12/staff", { onSuccess: () => setDone(true) });
  async function remove() {
    if (!window.confirm(`Remove ${name}'s access?`)) return;
    await removal.run({ userId, ...(schoolId ? { schoolId } : {}) });
  }
  if (done)
    return (
      <span className="text-sm text-green-800" role="status">
        Access removed
      </span>
    );
  return (
    <span className="flex flex-col items-end gap-1">
      <Button variant="secondary" onClick={remove} pending={removal.pending} pendingLabel="Removing…" aria-label={`Remove access for ${name}`}>
        Remove Access
      </Button>
      {removal.message ? (
        <span className="text-sm text-red-700" role="alert">
          {removal.message}
        </span>
      ) : null}
    </span>
  );
}

export function AuthorizeDistrictForm() {
  const [done, setDone] = useState<string | null>(null);
  const form = useApi<K12Message>("POST", "/api/k12/district-users", { onSuccess: (answer) => setDone(answer.message) });
  return (
    <form onSubmit={form.onSubmit} className="max-w-md space-y-3" noValidate>
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      {done ? (
        <Notice tone="success" testId="form-success">
          {done}
        </Notice>
      ) : null}
      <Field label="Staff member's email address" name="email" type="email" required error={form.fieldErrors.email} />
      <Button type="submit" disabled={!form.ready} pending={form.pending} pendingLabel="Saving…">
        Authorize District Access
      </Button>
    </form>
  );
}

/**
 * The principal re-enters their password to see the school's access code in full, with a copy
 * button, to share it with up to five staff.
 */
export function RevealSchoolCodeForm() {
  const [codes, setCodes] = useState<SchoolCodesRevealed["codes"] | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const form = useApi<SchoolCodesRevealed>("POST", "/api/k12/access-code/reveal", {
    onSuccess: (answer) => {
      setCodes(answer.codes);
      setCopied(null);
    },
  });
  async function copy(code: string) {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(code);
    } catch {
      setCopied(null);
    }
  }
  if (codes) {
    return (
      <div className="space-y-2" data-testid="revealed-codes">
        {codes.map((c) =>
          c.code ? (
            <p key={c.hint} className="flex flex-wrap items-center gap-3">
              <span className="font-mono text-lg font-bold tracking-wider" data-testid="school-code">
                {c.code}
              </span>
              <Button variant="secondary" onClick={() => void copy(c.code!)}>
                Copy Access Code
              </Button>
              {copied === c.code ? (
                <span role="status" className="text-sm text-green-800">
                  Copied.
                </span>
              ) : null}
            </p>
          ) : (
            <p key={c.hint} className="text-sm">
              The code ending in <span className="font-mono">{c.hint}</span> can only be read in the email College Board sent you.
            </p>
          ),
        )}
        <p className="text-sm text-slate-700">
          Keep the access code in a secure place and distribute it only to staff with the appropriate permissions to view student-level data.
        </p>
      </div>
    );
  }
  return (
    <form onSubmit={form.onSubmit} className="max-w-md space-y-3" noValidate aria-label="Show the school access code">
      {form.message ? (
        <Notice tone="error" testId="form-error">
          {form.message}
        </Notice>
      ) : null}
      <Field
        label="Your password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        hint="Enter your password again to see the full access code."
        error={form.fieldErrors.password}
      />
      <Button type="submit" disabled={!form.ready} pending={form.pending} pendingLabel="Checking…">
        Show Access Code
      </Button>
    </form>
  );
}
