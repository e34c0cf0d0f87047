"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { buttonClass, type ButtonVariant } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";

export interface ApiState {
  pending: boolean;
  message: string | null;
  fieldErrors: Record<string, string>;
}

type Method = "POST" | "PATCH" | "DELETE";

interface ErrorJson {
  error?: { message?: string; fieldErrors?: Record<string, string> };
}

/** Calls one of the admin API's routes (same origin, session cookie) and keeps its errors. */
export async function callAdminApi<T>(method: Method, endpoint: string, body?: unknown, contentType = "application/json"): Promise<{ ok: true; data: T } | { ok: false; state: ApiState }> {
  try {
    const response = await fetch(endpoint, {
      method,
      headers: body === undefined ? {} : { "Content-Type": contentType },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as ErrorJson & T;
    if (!response.ok) {
      return { ok: false, state: { pending: false, message: json.error?.message ?? `The request failed (${response.status}).`, fieldErrors: json.error?.fieldErrors ?? {} } };
    }
    return { ok: true, data: json };
  } catch {
    return { ok: false, state: { pending: false, message: "We could not reach the server. Check your connection and try again.", fieldErrors: {} } };
  }
}

const IDLE: ApiState = { pending: false, message: null, fieldErrors: {} };

/** A form posting JSON to the admin API; refreshes the page's data on success. */
export function useApiForm<T>(method: Method, endpoint: string, options: { toBody: (data: FormData) => unknown; onSuccess?: (data: T) => void; refresh?: boolean }) {
  const router = useRouter();
  const [state, setState] = useState<ApiState>(IDLE);
  const ready = useHydrated();
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setState({ ...IDLE, pending: true });
    const result = await callAdminApi<T>(method, endpoint, options.toBody(new FormData(form)));
    if (!result.ok) {
      // As in useJsonForm: field messages show beside their fields; the summary points at them.
      const summary = Object.keys(result.state.fieldErrors).length ? "Please correct the fields marked below." : result.state.message;
      return setState({ ...result.state, message: summary });
    }
    setState(IDLE);
    options.onSuccess?.(result.data);
    if (options.refresh !== false) router.refresh();
  }
  return { ...state, ready, onSubmit };
}

/** False until the script runs: until then a click would submit the form natively (as a GET). */
export function useHydrated(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return ready;
}

export function FormError({ message }: { message: string | null }) {
  return message ? <Notice tone="error" testId="form-error">{message}</Notice> : null;
}

/** A button for one action (revoke, remove, unlock) that asks first when told to. */
export function ActionButton({
  method,
  endpoint,
  label,
  pendingLabel,
  confirm,
  variant = "secondary",
  onDone,
}: {
  method: Method;
  endpoint: string;
  label: string;
  pendingLabel?: string;
  confirm?: string;
  variant?: ButtonVariant;
  onDone?: (data: unknown) => void;
}) {
  const router = useRouter();
  const [state, setState] = useState<ApiState>(IDLE);
  const ready = useHydrated();
  async function run() {
    if (confirm && !window.confirm(confirm)) return;
    setState({ ...IDLE, pending: true });
    const result = await callAdminApi<unknown>(method, endpoint, method === "DELETE" ? undefined : {});
    if (!result.ok) return setState(result.state);
    setState(IDLE);
    onDone?.(result.data);
    router.refresh();
  }
  return (
    <span className="inline-flex flex-col gap-1">
      <button type="button" className={buttonClass(variant)} onClick={run} disabled={state.pending || !ready}>
        {state.pending ? (pendingLabel ?? "Working…") : label}
      </button>
      {state.message ? (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      ) : null}
    </span>
  );
}

/** Strings of a form, blanks left out (so PATCH bodies only carry what was filled in). */
export function formStrings(data: FormData, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = data.get(name);
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

/** A date input (YYYY-MM-DD) as the end of that day in the browser's time zone, or null. */
export function endOfDayIso(value: FormDataEntryValue | null): string | null {
  if (typeof value !== "string" || value === "") return null;
  return new Date(`${value}T23:59:59`).toISOString();
}
