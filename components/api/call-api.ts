/**
 * The one way client components call the app's JSON routes: same origin, session cookie,
 * JSON in and out, and every failure turned into the shape forms show — the route's
 * message and per-field messages (lib/http/route.ts ErrorBody), or the network message.
 */
import type { ErrorBody } from "@/lib/http/route";
import { SESSION_ACTIVITY_EVENT } from "@/lib/auth/idle-warning";

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

/** Shown when the request never got an answer (offline, server down). */
export const NETWORK_ERROR = "We could not reach the server. Check your connection and try again.";

export interface ApiFailure {
  ok: false;
  status: number;
  message: string;
  /** The field the route named, if any. */
  field?: string;
  fieldErrors: Record<string, string>;
}

export type ApiResult<T> = { ok: true; data: T; response: Response } | ApiFailure;

export interface CallOptions {
  /** A string body is sent as is with this type (TXT uploads); anything else as JSON. */
  contentType?: string;
  signal?: AbortSignal;
}

/** Calls a JSON route; never throws (an aborted call is answered as a failure with status 0). */
export async function callApi<T>(method: Method, url: string, body?: unknown, options: CallOptions = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      ...(options.signal ? { signal: options.signal } : {}),
      headers: body === undefined ? {} : { "Content-Type": options.contentType ?? "application/json" },
      body: body === undefined ? undefined : typeof body === "string" && options.contentType ? body : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, message: NETWORK_ERROR, fieldErrors: {} };
  }
  // The server saw the session (and refreshed it): the idle-session warning starts over.
  if (response.status !== 401 && typeof window !== "undefined") window.dispatchEvent(new Event(SESSION_ACTIVITY_EVENT));
  return answerOf<T>(response);
}

/** A route's answer read as the client sees it (also for routes fetched another way, e.g. file downloads). */
export async function answerOf<T>(response: Response): Promise<ApiResult<T>> {
  const json = (await response.json().catch(() => ({}))) as Partial<ErrorBody> & T;
  if (response.ok) return { ok: true, data: json, response };
  const error = json.error;
  return {
    ok: false,
    status: response.status,
    message: error?.message ?? `The request failed (${response.status}).`,
    ...(error?.field ? { field: error.field } : {}),
    fieldErrors: error?.fieldErrors ?? {},
  };
}
