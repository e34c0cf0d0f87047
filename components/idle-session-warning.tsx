"use client";
import { usePathname } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { callApi } from "@/components/api/call-api";
import { Button } from "@/components/ui/button";
import { LAST_ACTIVITY_KEY, SESSION_ACTIVITY_EVENT, formatCountdown, idlePhase } from "@/lib/auth/idle-warning";

function sharedLastActivity(): number {
  try {
    return Number(window.localStorage.getItem(LAST_ACTIVITY_KEY)) || 0;
  } catch {
    return 0;
  }
}

function shareLastActivity(at: number): void {
  try {
    window.localStorage.setItem(LAST_ACTIVITY_KEY, String(at));
  } catch {
    // Storage refused (private mode): this tab still keeps its own clock.
  }
}

/**
 * Two minutes before the 30-minute idle sign-out, a modal dialog says so and offers "Stay
 * signed in" (which refreshes the session through Auth.js's session endpoint). Left alone, the
 * page signs out and goes to the sign-in page, which says why. Every page load, client-side
 * navigation and API call (SESSION_ACTIVITY_EVENT) counts as activity, in every tab.
 */
export function IdleSessionWarning() {
  const pathname = usePathname();
  const dialog = useRef<HTMLDialogElement>(null);
  const lastActivity = useRef(0);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const touch = useCallback(() => {
    lastActivity.current = Date.now();
    shareLastActivity(lastActivity.current);
  }, []);

  // A page load or a client-side navigation reached the server, which refreshed the session.
  useEffect(() => touch(), [pathname, touch]);

  useEffect(() => {
    window.addEventListener(SESSION_ACTIVITY_EVENT, touch);
    return () => window.removeEventListener(SESSION_ACTIVITY_EVENT, touch);
  }, [touch]);

  useEffect(() => {
    let ended = false;
    const tick = () => {
      if (ended) return;
      const last = Math.max(lastActivity.current, sharedLastActivity());
      const state = idlePhase(last, Date.now());
      if (state.phase === "expired") {
        ended = true;
        const back = `${window.location.pathname}${window.location.search}`;
        // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- after sign-out a full page load drops every cached page of student data
        void callApi("POST", "/api/account/sign-out").then(() => window.location.assign(`/signin?idle=1&callbackUrl=${encodeURIComponent(back)}`));
        return;
      }
      setSecondsLeft(state.phase === "warning" ? state.secondsLeft : null);
    };
    const timer = window.setInterval(tick, 1000);
    return () => {
      ended = true;
      window.clearInterval(timer);
    };
  }, []);

  const open = secondsLeft !== null;
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  async function staySignedIn() {
    setError(null);
    // Auth.js's own session endpoint: reading it re-issues the session cookie with a fresh idle clock.
    const answer = await callApi<{ user?: unknown } | null>("GET", "/api/auth/session");
    if (!answer.ok || !answer.data?.user) {
      setError("Your session has already ended. Sign in again to continue.");
      return;
    }
    touch();
    setSecondsLeft(null);
  }

  async function signOutNow() {
    await callApi("POST", "/api/account/sign-out");
    // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- after sign-out a full page load drops every cached page of student data
    window.location.assign("/signin?signedOut=1");
  }

  return (
    <dialog
      ref={dialog}
      aria-labelledby="idle-title"
      aria-describedby="idle-description"
      // Escape would close the dialog without keeping the session: treat it as "stay signed in".
      onCancel={(event) => {
        event.preventDefault();
        void staySignedIn();
      }}
      className="m-auto max-w-md rounded-lg border border-slate-300 bg-white p-6 text-slate-900 shadow-lg backdrop:bg-slate-900/50"
      data-testid="idle-warning"
    >
      <h2 id="idle-title" className="text-xl font-bold text-brand-900">
        Are you still there?
      </h2>
      <p id="idle-description" className="mt-2">
        For your security, you will be signed out after 30 minutes without activity. You will be signed out in{" "}
        <span className="font-semibold tabular-nums" data-testid="idle-countdown">
          {formatCountdown(secondsLeft ?? 0)}
        </span>
        .
      </p>
      {error ? (
        <p role="alert" className="mt-2 text-sm text-red-800">
          {error} <a href="/signin">Sign in</a>
        </p>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-3">
        {/* eslint-disable-next-line jsx-a11y/no-autofocus -- an alert dialog takes focus so keyboard and screen-reader users hear it and can answer */}
        <Button autoFocus onClick={() => void staySignedIn()}>
          Stay signed in
        </Button>
        <Button variant="secondary" onClick={() => void signOutNow()}>
          Sign out now
        </Button>
      </div>
    </dialog>
  );
}
