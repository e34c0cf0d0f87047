/**
 * Sign-in throttling policy, pure so it can be tested without a database (the counting lives in
 * lib/auth/throttle.ts). Every 5th consecutive failure from an unknown browser pauses sign-in
 * for longer; no account ever has more than ACCOUNT_FAILURE_CAP consecutive failures judged,
 * and anonymous traffic can never lock an account for good — only an administrator can.
 */
export const ACCOUNT_FAILURE_CAP = 100;
/** Consecutive failures a known browser (device cookie) may make before it is trusted no more. */
export const DEVICE_FAILURE_CAP = 10;
/** Far-future lock: an administrator's explicit lock (cleared by an administrator). */
export const HARD_LOCK_UNTIL = new Date("9999-12-31T00:00:00Z");

const PAUSE_MINUTES = [1, 5, 15, 30, 60, 120, 240, 480, 960];
const LONGEST_PAUSE_MINUTES = 24 * 60;
/** Failures between pauses. */
export const PAUSE_EVERY = 5;

/** Seconds of the pause after the 5th, 10th, … 100th consecutive failure. */
export function accountLockScheduleSeconds(): number[] {
  return Array.from({ length: ACCOUNT_FAILURE_CAP / PAUSE_EVERY }, (_, i) => (PAUSE_MINUTES[i] ?? LONGEST_PAUSE_MINUTES) * 60);
}

/** When the pause after `failures` consecutive failures ends, or null when there is none. */
export function lockAfterFailures(failures: number, now: Date): Date | null {
  if (failures < PAUSE_EVERY || failures % PAUSE_EVERY !== 0) return null;
  const schedule = accountLockScheduleSeconds();
  const seconds = schedule[Math.min(failures / PAUSE_EVERY, schedule.length) - 1]!;
  return new Date(now.getTime() + seconds * 1000);
}

export function isHardLocked(lockedUntil: Date | null): boolean {
  return lockedUntil !== null && lockedUntil.getTime() >= HARD_LOCK_UNTIL.getTime();
}

function inMinutes(seconds: number, more = ""): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  if (minutes >= 120) return `${Math.ceil(minutes / 60)} ${more}hours`;
  return `${minutes} ${more}minute${minutes === 1 ? "" : "s"}`;
}

/** The message for an account lock (an administrator's, or a pause). */
export function lockMessage(lockedUntil: Date, now: Date): string {
  if (isHardLocked(lockedUntil)) {
    return "This account is locked. Contact your program administrator to unlock it.";
  }
  return `Too many failed sign-in attempts. This account is locked for ${inMinutes((lockedUntil.getTime() - now.getTime()) / 1000, "more ")}; try again later.`;
}

export function accountPausedMessage(retryAfterSeconds: number): string {
  return `Too many failed sign-in attempts. Sign-in to this account is locked for ${inMinutes(retryAfterSeconds, "more ")}; try again later, or sign in from a browser you have signed in from before.`;
}

export const ACCOUNT_CAPPED_MESSAGE =
  "Sign-in from new browsers is paused for this account after too many failed attempts. Sign in from a browser you have signed in from before, or ask your program administrator to unlock it.";

export const ACCOUNT_BUSY_MESSAGE = "Too many sign-in attempts for this account at the same moment. Try again in a few seconds.";

export function addressThrottledMessage(retryAfterSeconds: number): string {
  return `Too many failed sign-in attempts from your network. Try again in ${inMinutes(retryAfterSeconds)}.`;
}

/** Attempts from one network address within 15 minutes before it is refused (429); successes are given back. */
export const IP_FAILURE_LIMIT = 50;
export const IP_WINDOW_SECONDS = 15 * 60;

/** Sessions end after 30 minutes without activity and 12 hours after sign-in, whichever is first. */
export const IDLE_TIMEOUT_SECONDS = 30 * 60;
export const ABSOLUTE_TIMEOUT_SECONDS = 12 * 60 * 60;

export interface SessionClock {
  /** Signed in at (seconds since the epoch). */
  sia: number;
  /** Last seen at (seconds since the epoch). */
  lsa: number;
}

export function sessionExpired(clock: SessionClock, nowSeconds: number): boolean {
  return nowSeconds - clock.lsa > IDLE_TIMEOUT_SECONDS || nowSeconds - clock.sia > ABSOLUTE_TIMEOUT_SECONDS;
}
