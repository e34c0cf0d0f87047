import { IDLE_TIMEOUT_SECONDS } from "@/lib/auth/rules";

/**
 * The idle-session warning: sessions end after 30 minutes without a request (lib/auth/rules.ts);
 * two minutes before that, the page asks "are you still there?" with a button that keeps the
 * session. Pure, so the browser component only feeds it clocks.
 */
export const IDLE_WARNING_SECONDS = 2 * 60;

/** Tabs of one browser share their last activity here (localStorage), so a busy tab keeps a quiet one from warning. */
export const LAST_ACTIVITY_KEY = "ap:last-session-activity";

/** Dispatched on window by client code after each request that reached the server with the session. */
export const SESSION_ACTIVITY_EVENT = "ap:session-activity";

export type IdlePhase = { phase: "active" } | { phase: "warning"; secondsLeft: number } | { phase: "expired" };

export function idlePhase(lastActivityMs: number, nowMs: number, idleSeconds = IDLE_TIMEOUT_SECONDS, warningSeconds = IDLE_WARNING_SECONDS): IdlePhase {
  const left = idleSeconds * 1000 - (nowMs - lastActivityMs);
  if (left <= 0) return { phase: "expired" };
  if (left <= warningSeconds * 1000) return { phase: "warning", secondsLeft: Math.ceil(left / 1000) };
  return { phase: "active" };
}

/** "1:05" */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
