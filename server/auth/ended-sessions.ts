import "server-only";
import type { Queryable } from "@/server/db";

// Sign-out for self-contained session tokens: the session's id (`sid`, set at sign-in and kept when the token is
// renewed) is listed when its owner signs out, and a listed session is refused (server/auth/session.ts).

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isSessionId(value: unknown): value is string {
  return typeof value === "string" && SESSION_ID.test(value);
}

/** Ends one session; also forgets ended sessions the session version has outdated (they are refused anyway). */
export async function endSession(q: Queryable, session: { sid: string; userId: string; sessionVersion: number }): Promise<void> {
  if (!isSessionId(session.sid)) return;
  await q.query(
    `INSERT INTO ended_sessions (sid, user_id, session_version) SELECT $1, id, $3 FROM users WHERE id = $2
     ON CONFLICT (sid) DO NOTHING`,
    [session.sid, session.userId, session.sessionVersion],
  );
  await q.query("DELETE FROM ended_sessions e USING users u WHERE e.user_id = u.id AND u.id = $1 AND e.session_version <> u.session_version", [session.userId]);
}

/** True when the session was ended by signing out (a malformed id counts as ended: it was never issued). */
export async function isSessionEnded(q: Queryable, sid: string): Promise<boolean> {
  if (!isSessionId(sid)) return true;
  const rows = await q.query("SELECT 1 FROM ended_sessions WHERE sid = $1", [sid]);
  return rows.length > 0;
}
