"use client";
import { useEffect, useState } from "react";

export interface JsonFormState {
  pending: boolean;
  message: string | null;
  fieldErrors: Record<string, string>;
}

interface Options<T> {
  /** Turns the form's fields into the request body (default: every field as a string). */
  toBody?: (data: FormData) => unknown;
  onSuccess: (body: T, response: Response) => void;
}

/**
 * Submits a form as JSON to one of the app's route handlers and keeps the answer's messages
 * (per field and overall) for the form to show.
 */
export function useJsonForm<T = Record<string, unknown>>(endpoint: string, options: Options<T>) {
  const [state, setState] = useState<JsonFormState>({ pending: false, message: null, fieldErrors: {} });
  // Until the script is running, a click would submit the form natively: keep submit disabled.
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const body = options.toBody ? options.toBody(data) : Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
    setState({ pending: true, message: null, fieldErrors: {} });
    try {
      const response = await fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      const json = (await response.json().catch(() => ({}))) as { error?: { message?: string; fieldErrors?: Record<string, string> } };
      if (!response.ok) {
        const fieldErrors = json.error?.fieldErrors ?? {};
        // Field messages show beside their fields; the summary only points at them.
        const message = Object.keys(fieldErrors).length
          ? "Please correct the fields marked below."
          : (json.error?.message ?? `The request failed (${response.status}).`);
        setState({ pending: false, message, fieldErrors });
        return;
      }
      setState({ pending: false, message: null, fieldErrors: {} });
      options.onSuccess(json as T, response);
    } catch {
      setState({ pending: false, message: "We could not reach the server. Check your connection and try again.", fieldErrors: {} });
    }
  }

  return { ...state, ready, onSubmit, setState };
}
