import { prisma } from "@/lib/db";
import { hitRateLimit } from "@/lib/rate-limit";
import { randomToken, signToken, verifyToken } from "@/lib/crypto";
import { ACCOUNT_FAILURE_CAP, DEVICE_FAILURE_CAP, PAUSE_EVERY, accountLockScheduleSeconds } from "@/lib/auth/rules";

/**
 * Sign-in budgets (NIST SP 800-63B §5.2.2, OWASP "device cookies"), all in the rate_limit table
 * so every app instance shares them.
 *
 * A budget row counts *consecutive failures* (`count`) and pauses the path on every 5th
 * (`locked_until`). Beside them it counts the attempts being judged right now (`in_flight`):
 * one atomic statement hands out a place only while fewer are in flight than failures remain
 * before the next pause or the cap. So:
 * - a parallel burst is judged no further than the same guesses one after another: with 4
 *   failures behind, one attempt is judged at a time, and its failure starts the pause before
 *   anyone else is judged; never more than ACCOUNT_FAILURE_CAP in a row;
 * - a *correct* password never counts as a failure: it gives its place back and ends the run,
 *   so parallel correct sign-ins (a script and a browser, several tabs) never pause each other.
 *   An attempt that finds no place waits for its siblings (polling, up to WAIT_MS, holding no
 *   connection) instead of being refused, so it is not blocked by them either.
 * A holder that dies mid-judgement (crash) leaves its place taken until the budget has been
 * quiet for PLACE_SECONDS; then the in-flight count starts from zero again.
 *
 * Budgets:
 * - account (`login-account:<user id>`): clients the account has not signed in from. At
 *   ACCOUNT_FAILURE_CAP the path stays shut until the owner signs in from a known device,
 *   changes the password or an administrator unlocks — never a lock of the account itself:
 *   sessions, app passwords and known devices keep working.
 * - device (`login-device:<nonce>`): a browser holding a signed device cookie from an earlier
 *   successful sign-in has its own DEVICE_FAILURE_CAP consecutive failures, so an attacker
 *   elsewhere cannot lock the owner out. Past it the cookie is no longer trusted.
 * - MFA (`mfa-account:<user id>`): wrong second-factor codes, paused like passwords; a correct
 *   password never resets it.
 */
interface Budget {
  key: string;
  cap: number;
  pauses: boolean;
}

/** A place held while one attempt is judged: settle it with `recordFailure`, `recordSuccess` or `release`. */
export interface Slot {
  budget: Budget;
}

export type Reservation =
  | { allowed: true; slot: Slot }
  | { allowed: false; kind: "paused"; retryAfterSeconds: number }
  | { allowed: false; kind: "capped" }
  | { allowed: false; kind: "busy"; retryAfterSeconds: number };

/** Attempts of one budget judged at the same moment, at most. */
const MAX_IN_FLIGHT = PAUSE_EVERY;
/** In-flight places are forgotten after this long without a new attempt (a holder crashed). */
const PLACE_SECONDS = 60;
/** How long an attempt waits for a place held by its siblings before it is told to retry. */
const WAIT_MS = 30_000;
/** Consecutive failures are forgotten after a day without an attempt (and after any pause ends). */
const FAILURES_KEPT_SECONDS = 86_400;

async function tryReserve(budget: Budget): Promise<Reservation> {
  const { key, cap, pauses } = budget;
  const taken = await prisma.$queryRaw<Array<{ in_flight: number }>>`
    INSERT INTO rate_limit (key, count, in_flight, window_start, expires_at)
    VALUES (${key}, 0, 1, now(), now() + make_interval(secs => ${FAILURES_KEPT_SECONDS}))
    ON CONFLICT (key) DO UPDATE SET
      in_flight = (CASE WHEN rate_limit.window_start < now() - make_interval(secs => ${PLACE_SECONDS}) THEN 0 ELSE rate_limit.in_flight END) + 1,
      window_start = now(),
      expires_at = GREATEST(rate_limit.expires_at, now() + make_interval(secs => ${FAILURES_KEPT_SECONDS}))
    WHERE rate_limit.count < ${cap}
      AND (rate_limit.locked_until IS NULL OR rate_limit.locked_until <= now())
      AND (CASE WHEN rate_limit.window_start < now() - make_interval(secs => ${PLACE_SECONDS}) THEN 0 ELSE rate_limit.in_flight END)
        < LEAST(${MAX_IN_FLIGHT}::int, LEAST(CASE WHEN ${pauses}::boolean THEN (rate_limit.count / ${PAUSE_EVERY}::int + 1) * ${PAUSE_EVERY}::int ELSE ${cap}::int END, ${cap}::int) - rate_limit.count)
    RETURNING in_flight`;
  if (taken.length === 1) return { allowed: true, slot: { budget } };
  const [state] = await prisma.$queryRaw<Array<{ count: number; retry: number | null }>>`
    SELECT count, CASE WHEN locked_until > now() THEN ceil(extract(epoch FROM locked_until - now()))::int END AS retry
    FROM rate_limit WHERE key = ${key}`;
  if (!state) return { allowed: false, kind: "busy", retryAfterSeconds: 1 };
  if (state.count >= cap) return { allowed: false, kind: "capped" };
  if (state.retry !== null) return { allowed: false, kind: "paused", retryAfterSeconds: Math.max(1, state.retry) };
  return { allowed: false, kind: "busy", retryAfterSeconds: 5 };
}

/** Takes a place in the budget, waiting while its siblings hold them all. */
async function reserve(budget: Budget): Promise<Reservation> {
  const deadline = Date.now() + WAIT_MS;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const reservation = await tryReserve(budget);
    if (reservation.allowed || reservation.kind !== "busy" || Date.now() + delay > deadline) return reservation;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

export interface Failure {
  /** Consecutive failures now. */
  failures: number;
  /** Seconds of the pause this failure started, or null. */
  pausedForSeconds: number | null;
  capped: boolean;
}

/**
 * A judged failure: counted, every 5th pausing the path, and the place given back — in one
 * statement, so no attempt is let in between the count and the pause.
 */
export async function recordFailure(slot: Slot): Promise<Failure> {
  const { budget } = slot;
  const schedule = budget.pauses ? accountLockScheduleSeconds() : [];
  const [row] = await prisma.$queryRaw<Array<{ count: number; paused: number | null }>>`
    INSERT INTO rate_limit (key, count, in_flight, window_start, expires_at) VALUES (${budget.key}, 1, 0, now(), now() + make_interval(secs => ${FAILURES_KEPT_SECONDS}))
    ON CONFLICT (key) DO UPDATE SET
      count = rate_limit.count + 1,
      in_flight = GREATEST(rate_limit.in_flight - 1, 0),
      expires_at = now() + make_interval(secs => ${FAILURES_KEPT_SECONDS}),
      locked_until = CASE
        WHEN cardinality(${schedule}::int[]) > 0 AND (rate_limit.count + 1) % ${PAUSE_EVERY}::int = 0
        THEN now() + make_interval(secs => (${schedule}::int[])[LEAST((rate_limit.count + 1) / ${PAUSE_EVERY}::int, cardinality(${schedule}::int[]))])
        ELSE rate_limit.locked_until END
    RETURNING count, CASE WHEN locked_until > now() THEN ceil(extract(epoch FROM locked_until - now()))::int END AS paused`;
  const failures = row?.count ?? 1;
  // The pause this failure started, as scheduled (the stored time is rounded to milliseconds).
  const started = row?.paused && failures % PAUSE_EVERY === 0 ? schedule[Math.min(failures / PAUSE_EVERY, schedule.length) - 1] : undefined;
  return { failures, pausedForSeconds: started ?? null, capped: failures >= budget.cap };
}

/** A success ends the run of consecutive failures (and any pause) and gives the place back. */
export async function recordSuccess(slot: Slot): Promise<void> {
  await prisma.$executeRaw`
    UPDATE rate_limit SET count = 0, locked_until = NULL, in_flight = GREATEST(in_flight - 1, 0) WHERE key = ${slot.budget.key}`;
}

/** Gives a place back without judging (the attempt stopped for another reason). */
export async function release(slot: Slot): Promise<void> {
  await prisma.$executeRaw`UPDATE rate_limit SET in_flight = GREATEST(in_flight - 1, 0) WHERE key = ${slot.budget.key}`;
}

const accountBudget = (userId: string): Budget => ({ key: `login-account:${userId}`, cap: ACCOUNT_FAILURE_CAP, pauses: true });
const deviceBudget = (nonce: string): Budget => ({ key: `login-device:${nonce}`, cap: DEVICE_FAILURE_CAP, pauses: false });
const mfaBudget = (userId: string): Budget => ({ key: `mfa-account:${userId}`, cap: ACCOUNT_FAILURE_CAP, pauses: true });

export const reserveAccountAttempt = (userId: string) => reserve(accountBudget(userId));
export const reserveDeviceAttempt = (nonce: string) => reserve(deviceBudget(nonce));
export const reserveMfaAttempt = (userId: string) => reserve(mfaBudget(userId));

/** The owner signing in from a known browser, an administrator's unlock or a password change reopens the paths for unknown clients and MFA. */
export async function clearAccountThrottle(userId: string): Promise<void> {
  // Only the failures and the pause: attempts in flight keep their places.
  await prisma.rateLimit.updateMany({ where: { key: { in: [accountBudget(userId).key, mfaBudget(userId).key] } }, data: { count: 0, lockedUntil: null } });
}

/** Consecutive failures on the account path (for tests and the admin view). */
export async function accountFailures(userId: string): Promise<number> {
  const row = await prisma.rateLimit.findUnique({ where: { key: accountBudget(userId).key }, select: { count: true } });
  return row?.count ?? 0;
}

export interface AccountThrottleState {
  failures: number;
  /** End of the current pause for unknown clients, or null. */
  pausedUntil: Date | null;
  capped: boolean;
}

/** What the administrator sees: consecutive failures and whether unknown clients are paused. */
export async function accountThrottleStates(userIds: string[], now = new Date()): Promise<Map<string, AccountThrottleState>> {
  const rows = userIds.length
    ? await prisma.rateLimit.findMany({
        where: { key: { in: userIds.map((id) => accountBudget(id).key) } },
        select: { key: true, count: true, lockedUntil: true },
      })
    : [];
  return new Map(
    rows.map((r) => [
      r.key.slice("login-account:".length),
      { failures: r.count, capped: r.count >= ACCOUNT_FAILURE_CAP, pausedUntil: r.lockedUntil && r.lockedUntil > now ? r.lockedUntil : null },
    ]),
  );
}

// ───────────────────────────── MFA tickets and TOTP steps ─────────────────────────────

export const MFA_TICKET_TRIES = 3;
const TICKET_SECONDS = 300;
const MFA_TICKET = "mfa-pending";

/** A pending sign-in after a correct password: a few tries, single use, bound to the session version. */
export function issueMfaTicket(userId: string, sessionVersion: number, now = Date.now()): string {
  return signToken(MFA_TICKET, { uid: userId, sv: sessionVersion, j: randomToken(12), exp: Math.floor(now / 1000) + TICKET_SECONDS });
}

export type TicketUse = { ok: true; userId: string; sessionVersion: number; ticketId: string } | { ok: false };

/** Spends one try of a ticket; refused when it is forged, expired, used up or already used. */
export async function spendMfaTicket(ticket: string): Promise<TicketUse> {
  const payload = verifyToken<{ uid: string; sv: number; j: string; exp: number }>(MFA_TICKET, ticket);
  if (!payload || typeof payload.j !== "string" || typeof payload.sv !== "number") return { ok: false };
  const tries = await hitRateLimit(`mfa-ticket:${payload.j}`, MFA_TICKET_TRIES, TICKET_SECONDS);
  if (!tries.allowed) return { ok: false };
  return { ok: true, userId: payload.uid, sessionVersion: payload.sv, ticketId: payload.j };
}

/** After a successful second factor the ticket is spent for good. */
export async function retireMfaTicket(ticketId: string): Promise<void> {
  const key = `mfa-ticket:${ticketId}`;
  const expiresAt = new Date(Date.now() + TICKET_SECONDS * 1000);
  await prisma.rateLimit.upsert({ where: { key }, create: { key, count: 1_000_000, expiresAt }, update: { count: 1_000_000 } });
}

/**
 * Accepts a TOTP time step for this user only if it is newer than the last one accepted, so a
 * code seen over someone's shoulder (or in a log) cannot be replayed within its window.
 */
export async function claimTotpStep(userId: string, step: number): Promise<boolean> {
  const key = `totp-step:${userId}`;
  const rows = await prisma.$queryRaw<Array<{ count: number }>>`
    INSERT INTO rate_limit (key, count, window_start, expires_at) VALUES (${key}, ${step}, now(), now() + interval '1 day')
    ON CONFLICT (key) DO UPDATE SET count = ${step}, window_start = now(), expires_at = now() + interval '1 day' WHERE rate_limit.count < ${step}
    RETURNING count`;
  return rows.length === 1;
}

// ───────────────────────────── device cookies ─────────────────────────────

export const DEVICE_COOKIE = "ap_device";
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 180 * 86_400;

/** A signed device token for this account, given to a browser after a successful sign-in. */
export function issueDeviceToken(userId: string, now = Date.now()): string {
  return signToken("device", { uid: userId, n: randomToken(16), exp: Math.floor(now / 1000) + DEVICE_COOKIE_MAX_AGE_SECONDS });
}

/** The device's nonce when `token` is a valid device token for this account, else null. */
export function deviceNonceFor(token: string | null | undefined, userId: string): string | null {
  if (!token) return null;
  const payload = verifyToken<{ uid: string; n: string; exp: number }>("device", token);
  return payload && payload.uid === userId && typeof payload.n === "string" ? payload.n : null;
}
