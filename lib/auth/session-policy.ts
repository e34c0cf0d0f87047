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
