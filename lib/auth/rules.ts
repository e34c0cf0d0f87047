/**
 * Sign-in throttling policy, pure so it can be tested without a database.
 * Every 5th consecutive failure locks the account for longer; the 100th locks it until an
 * administrator unlocks it, so no account ever sees more than 100 consecutive failures.
 */
export const HARD_LOCK_FAILURES = 100;
/** Far-future lock used for the hard lock (cleared by an administrator). */
export const HARD_LOCK_UNTIL = new Date("9999-12-31T00:00:00Z");

export function lockAfterFailures(failures: number, now: Date): Date | null {
  if (failures >= HARD_LOCK_FAILURES) return HARD_LOCK_UNTIL;
  if (failures < 5 || failures % 5 !== 0) return null;
  const minutes = failures === 5 ? 1 : failures === 10 ? 5 : failures === 15 ? 15 : 30;
  return new Date(now.getTime() + minutes * 60_000);
}

export function isHardLocked(lockedUntil: Date | null): boolean {
  return lockedUntil !== null && lockedUntil.getTime() >= HARD_LOCK_UNTIL.getTime();
}

export function lockMessage(lockedUntil: Date, now: Date): string {
  if (isHardLocked(lockedUntil)) {
    return "This account is locked after too many failed sign-in attempts. Contact your program administrator to unlock it.";
  }
  const minutes = Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 60_000));
  return `Too many failed sign-in attempts. This account is locked for ${minutes} more minute${minutes === 1 ? "" : "s"}; try again later.`;
}

/** Failures from one network address within 15 minutes before it is refused. */
export const IP_FAILURE_LIMIT = 30;
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
