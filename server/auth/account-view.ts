import "server-only";
import type { SessionView } from "@/components/auth/sessions-list";
import { getConfig } from "@/server/config";
import type { Queryable } from "@/server/db";
import { getAuthSettings, idleTimeoutMs } from "./auth-settings";
import { listSessions, sessionExpiry } from "./sessions";
import { twoFactorStatus } from "./two-factor";

/** What the account page shows about the user's security: two-step status, live sessions, the session limits. */
export async function accountSecurity(q: Queryable, user: { id: string; sid?: string }) {
  const [status, sessions, settings] = await Promise.all([twoFactorStatus(q, user.id), listSessions(q, user.id), getAuthSettings(q)]);
  const limits = { idleMs: idleTimeoutMs(settings), absoluteMs: getConfig().auth.sessionHours * 3_600_000 };
  const now = Date.now();
  const live: SessionView[] = sessions
    .filter((s) => sessionExpiry(s, limits).endsAt.getTime() > now)
    .map((s) => ({
      sid: s.sid,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      provider: s.provider,
      current: s.sid === user.sid,
    }));
  return { twoFactor: status, sessions: live, idleMinutes: Math.round((limits.idleMs / 60_000) * 10) / 10, sessionHours: getConfig().auth.sessionHours };
}
