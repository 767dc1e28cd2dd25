import "server-only";
import type { Queryable } from "@/server/db";
import { endSession, isSessionId } from "./ended-sessions";

// Live sessions (table user_sessions): one row per sign-in, named by the token's `sid`. The row carries the last
// activity, so the idle timeout holds across instances and the account page can list and end sessions. A token whose
// row is gone (revoked, expired, ended by an admin) is refused by getSessionUser (server/auth/session.ts).

export interface SessionRecord {
  sid: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  userAgent: string | null;
  provider: string;
}

interface Row {
  sid: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  ip: string | null;
  user_agent: string | null;
  provider: string;
}

const toRecord = (r: Row): SessionRecord => ({
  sid: r.sid,
  userId: r.user_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  ip: r.ip,
  userAgent: r.user_agent,
  provider: r.provider,
});

export async function openSession(
  q: Queryable,
  s: { sid: string; userId: string; ip?: string | null; userAgent?: string | null; provider: string },
  maxAgeMs: number,
): Promise<void> {
  await pruneSessions(q, s.userId, new Date(Date.now() - maxAgeMs));
  await q.query("INSERT INTO user_sessions (sid, user_id, ip, user_agent, provider) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sid) DO NOTHING", [
    s.sid,
    s.userId,
    s.ip ?? null,
    (s.userAgent ?? "").slice(0, 300) || null,
    s.provider,
  ]);
}

export async function findSession(q: Queryable, sid: string): Promise<SessionRecord | null> {
  if (!isSessionId(sid)) return null;
  const [row] = await q.query<Row>("SELECT * FROM user_sessions WHERE sid = $1", [sid]);
  return row ? toRecord(row) : null;
}

/** Whether a session is over at `now`: idle too long, or older than the absolute lifetime. */
export function sessionExpiry(s: Pick<SessionRecord, "createdAt" | "lastSeenAt">, limits: { idleMs: number; absoluteMs: number }) {
  const idleEnds = s.lastSeenAt.getTime() + limits.idleMs;
  const absoluteEnds = s.createdAt.getTime() + limits.absoluteMs;
  return { endsAt: new Date(Math.min(idleEnds, absoluteEnds)), reason: idleEnds <= absoluteEnds ? ("idle" as const) : ("lifetime" as const) };
}

// Activity is written at most this often per session (every page and action reads the session).
const TOUCH_EVERY_MS = 5_000;

export async function touchSession(q: Queryable, s: SessionRecord, now: Date): Promise<void> {
  if (now.getTime() - s.lastSeenAt.getTime() < TOUCH_EVERY_MS) return;
  await q.query("UPDATE user_sessions SET last_seen_at = $2 WHERE sid = $1 AND last_seen_at < $2", [s.sid, now]);
}

export async function listSessions(q: Queryable, userId: string): Promise<SessionRecord[]> {
  const rows = await q.query<Row>("SELECT * FROM user_sessions WHERE user_id = $1 ORDER BY last_seen_at DESC", [userId]);
  return rows.map(toRecord);
}

/** Ends one session of `userId` (its token is refused from now on); false when there was no such session. */
export async function revokeSession(q: Queryable, user: { id: string; sessionVersion: number }, sid: string): Promise<boolean> {
  if (!isSessionId(sid)) return false;
  const rows = await q.query("DELETE FROM user_sessions WHERE sid = $1 AND user_id = $2 RETURNING sid", [sid, user.id]);
  await endSession(q, { sid, userId: user.id, sessionVersion: user.sessionVersion });
  return rows.length > 0;
}

/** Ends every session of a user (admin action, password reset); returns how many there were. */
export async function endAllSessions(q: Queryable, userId: string): Promise<number> {
  const rows = await q.query("DELETE FROM user_sessions WHERE user_id = $1 RETURNING sid", [userId]);
  await q.query("UPDATE users SET session_version = session_version + 1 WHERE id = $1", [userId]);
  return rows.length;
}

/** Removes a session that is over; true for the one call that removed it. */
export async function closeSession(q: Queryable, sid: string): Promise<boolean> {
  const rows = await q.query("DELETE FROM user_sessions WHERE sid = $1 RETURNING sid", [sid]);
  return rows.length > 0;
}

/** Forgets a user's sessions unused for longer than any session may last (they are refused anyway). */
export async function pruneSessions(q: Queryable, userId: string, olderThan: Date): Promise<void> {
  await q.query("DELETE FROM user_sessions WHERE user_id = $1 AND last_seen_at < $2", [userId, olderThan]);
}
