"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { callApi, type ApiFailure, type ApiResult, type Method } from "@/components/api/call-api";

export interface ApiState {
  pending: boolean;
  message: string | null;
  fieldErrors: Record<string, string>;
}

const IDLE: ApiState = { pending: false, message: null, fieldErrors: {} };

/** False until the script runs: until then a click would submit the form natively (as a GET). */
export function useHydrated(): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  return ready;
}

interface UseApiOptions<T> {
  /** The form's fields as the request body (default: every field as a string). */
  toBody?: (data: FormData) => unknown;
  onSuccess?: (data: T, response: Response) => void;
  /** Re-render the page's server data after success (router.refresh()). */
  refresh?: boolean;
}

/** Every field of a form as a string, blanks included. */
function allFields(data: FormData): Record<string, string> {
  return Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
}

/** What a failed form shows: field messages beside their fields, the summary only points at them. */
function formState(failure: ApiFailure): ApiState {
  const hasFields = Object.keys(failure.fieldErrors).length > 0;
  return { pending: false, message: hasFields ? "Please correct the fields marked below." : failure.message, fieldErrors: failure.fieldErrors };
}

/**
 * A form or a button backed by one route: `onSubmit` sends the form, `run` sends a body
 * (buttons), and the state carries the answer's messages for the UI to show.
 */
export function useApi<T = Record<string, unknown>>(method: Method, endpoint: string, options: UseApiOptions<T> = {}) {
  const router = useRouter();
  const [state, setState] = useState<ApiState>(IDLE);
  const ready = useHydrated();

  async function send(body: unknown, failed: (failure: ApiFailure) => ApiState): Promise<ApiResult<T>> {
    setState({ ...IDLE, pending: true });
    const result = await callApi<T>(method, endpoint, body);
    if (!result.ok) {
      setState(failed(result));
      return result;
    }
    setState(IDLE);
    options.onSuccess?.(result.data, result.response);
    if (options.refresh) router.refresh();
    return result;
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    await send((options.toBody ?? allFields)(data), formState);
  }

  /** For buttons: the route's own message, as is; the answer is returned too. */
  function run(body?: unknown): Promise<ApiResult<T>> {
    return send(body, (failure) => ({ pending: false, message: failure.message, fieldErrors: failure.fieldErrors }));
  }

  return { ...state, ready, onSubmit, run, setState };
}

/** What an action answered, for a notice under its button: the route's message either way. */
export interface Outcome {
  ok: boolean;
  message: string;
}

export function outcomeOf(result: ApiResult<{ message?: string }>, fallback = "Done."): Outcome {
  return result.ok ? { ok: true, message: result.data.message ?? fallback } : { ok: false, message: result.message };
}
