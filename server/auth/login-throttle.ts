import "server-only";
import type { Db, Queryable } from "@/server/db";

// Failed-login throttling with growing delays, kept in the database so that several console instances count together.
//
// Each key has a free budget of failures; every failure past it adds a delay that doubles (base, 2×base, 4×base …) up
// to a cap. Nobody is locked for long by a burst, and a patient guesser gets very few tries an hour. Failures are
// forgotten `forgetMs` after the last one. Keys (server/auth/login.ts): the account from one source, the source across
// accounts, and the account across sources — that last one only for sources the account has never signed in from,
// so an outsider hammering an e-mail from elsewhere cannot lock its owner out.

export interface ThrottleState {
  failures: number;
  lastFailure: Date;
  lockedUntil: Date | null;
}

export interface ThrottlePolicy {
  /** The failure that starts the delays (failures before it are free). */
  maxFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures are forgotten this long after the last one. */
  forgetMs: number;
}

/** Milliseconds the key stays locked at `now` (0 = not locked). */
export function lockRemaining(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil.getTime() - now.getTime());
}

/** The delay after the `failures`-th failure: 0 before `maxFailures`, then base·2^(n−maxFailures), capped. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  const over = failures - policy.maxFailures;
  if (over < 0) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over, 40));
}

/** The state after one more failure. */
export function afterFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const forgotten = state === null || state.failures === 0 || now.getTime() - state.lastFailure.getTime() >= policy.forgetMs;
  const failures = forgotten ? 1 : state.failures + 1;
  const delay = delayAfter(failures, policy);
  return { failures, lastFailure: now, lockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
}

interface Row {
  key: string;
  failures: number;
  window_start: Date;
  last_failure_at: Date | null;
  locked_until: Date | null;
}

const toState = (r: Row): ThrottleState => ({ failures: r.failures, lastFailure: r.last_failure_at ?? r.window_start, lockedUntil: r.locked_until });
const COLUMNS = "key, failures, window_start, last_failure_at, locked_until";

/** The longest remaining lock among `keys`, in ms (0 = none locked). */
export async function throttleLock(db: Queryable, keys: string[], now: Date): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM login_throttle WHERE key = ANY($1::text[])`, [keys]);
  return Math.max(0, ...rows.map((r) => lockRemaining(toState(r), now)));
}

/** Counts one failure for `key`; the row is locked while it is read and written, so concurrent failures all count. */
export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy, now: Date): Promise<ThrottleState> {
  return db.transaction(async (tx) => {
    await tx.query("INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING", [key, now]);
    const [row] = await tx.query<Row>(`SELECT ${COLUMNS} FROM login_throttle WHERE key = $1 FOR UPDATE`, [key]);
    const next = afterFailure(toState(row), now, policy);
    await tx.query("UPDATE login_throttle SET failures = $2, window_start = $3, last_failure_at = $3, locked_until = $4 WHERE key = $1", [
      key,
      next.failures,
      next.lastFailure,
      next.lockedUntil,
    ]);
    return next;
  });
}

export async function clearThrottle(db: Queryable, key: string): Promise<void> {
  await db.query("DELETE FROM login_throttle WHERE key = $1", [key]);
}

// Key names. The e-mail is normalised by the caller; "|" cannot appear in an address we accept as a source.
export const accountKey = (email: string) => `account:${email}`;
export const sourceKey = (ip: string) => `ip:${ip}`;
export const accountSourceKey = (email: string, ip: string | null | undefined) => `account-source:${email}|${ip ?? "-"}`;

/** Forgets every failure counted against an account (admin unlock, password reset); source keys stay. */
export async function clearAccountThrottle(db: Queryable, email: string): Promise<number> {
  const rows = await db.query<{ key: string }>("DELETE FROM login_throttle WHERE key = $1 OR starts_with(key, $2) RETURNING key", [
    accountKey(email),
    `account-source:${email}|`,
  ]);
  return rows.length;
}

export interface AccountThrottle {
  /** The latest moment any key of the account is locked until (null = not locked now). */
  lockedUntil: Date | null;
  /** Failures counted against the account (the highest of its keys). */
  failures: number;
}

/** Throttle state per e-mail for the Users page: only accounts with failures counted appear. */
export async function accountThrottles(db: Queryable, now: Date): Promise<Map<string, AccountThrottle>> {
  const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM login_throttle WHERE starts_with(key, 'account:') OR starts_with(key, 'account-source:')`);
  const out = new Map<string, AccountThrottle>();
  for (const r of rows) {
    const email = r.key.startsWith("account:") ? r.key.slice("account:".length) : r.key.slice("account-source:".length).replace(/\|[^|]*$/, "");
    const until = lockRemaining(toState(r), now) > 0 ? r.locked_until : null;
    const prev = out.get(email) ?? { lockedUntil: null, failures: 0 };
    out.set(email, {
      lockedUntil: until && (!prev.lockedUntil || until > prev.lockedUntil) ? until : prev.lockedUntil,
      failures: Math.max(prev.failures, r.failures),
    });
  }
  return out;
}

/** True when `email` has signed in from `ip` before (it then keeps its own budget, see above). */
export async function isKnownSource(db: Queryable, email: string, ip: string | null | undefined): Promise<boolean> {
  if (!ip) return false;
  const rows = await db.query("SELECT 1 FROM login_known_sources WHERE email = $1 AND ip = $2", [email, ip]);
  return rows.length > 0;
}

export async function rememberSource(db: Queryable, email: string, ip: string | null | undefined): Promise<void> {
  if (!ip) return;
  await db.query(
    `INSERT INTO login_known_sources (email, ip) VALUES ($1, $2)
     ON CONFLICT (email, ip) DO UPDATE SET last_success_at = now()`,
    [email, ip],
  );
}
