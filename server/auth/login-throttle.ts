import "server-only";
import type { Db } from "@/server/db";

// Failed-login throttling, kept in the database so that several console instances count together.

export interface ThrottleState {
  failures: number;
  windowStart: Date;
  lockedUntil: Date | null;
}

export interface ThrottlePolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

/** Milliseconds the key stays locked at `now` (0 = not locked). */
export function lockRemaining(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0;
  return Math.max(0, state.lockedUntil.getTime() - now.getTime());
}

/** The state after one more failure: a fresh window when the old one (or an old lock) is over; locked at the limit. */
export function afterFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const lockOver = state?.lockedUntil != null && state.lockedUntil.getTime() <= now.getTime();
  const windowOver = state != null && now.getTime() - state.windowStart.getTime() >= policy.windowMs;
  const fresh = state === null || state.failures === 0 || lockOver || (windowOver && lockRemaining(state, now) === 0);
  const failures = fresh ? 1 : state.failures + 1;
  const windowStart = fresh ? now : state.windowStart;
  const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : fresh ? null : state.lockedUntil;
  return { failures, windowStart, lockedUntil };
}

interface Row {
  failures: number;
  window_start: Date;
  locked_until: Date | null;
}

const toState = (r: Row): ThrottleState => ({ failures: r.failures, windowStart: r.window_start, lockedUntil: r.locked_until });

/** The longest remaining lock among `keys`, in ms (0 = none locked). */
export async function throttleLock(db: Db, keys: string[], now: Date): Promise<number> {
  if (keys.length === 0) return 0;
  const rows = await db.query<Row>("SELECT failures, window_start, locked_until FROM login_throttle WHERE key = ANY($1::text[])", [keys]);
  return Math.max(0, ...rows.map((r) => lockRemaining(toState(r), now)));
}

/** Counts one failure for `key`; the row is locked while it is read and written, so concurrent failures all count. */
export async function recordFailure(db: Db, key: string, policy: ThrottlePolicy, now: Date): Promise<ThrottleState> {
  return db.transaction(async (tx) => {
    await tx.query("INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 0, $2) ON CONFLICT (key) DO NOTHING", [key, now]);
    const [row] = await tx.query<Row>("SELECT failures, window_start, locked_until FROM login_throttle WHERE key = $1 FOR UPDATE", [key]);
    const next = afterFailure(toState(row), now, policy);
    await tx.query("UPDATE login_throttle SET failures = $2, window_start = $3, locked_until = $4 WHERE key = $1", [
      key,
      next.failures,
      next.windowStart,
      next.lockedUntil,
    ]);
    return next;
  });
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.query("DELETE FROM login_throttle WHERE key = $1", [key]);
}
