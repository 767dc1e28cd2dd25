import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { Principal } from "@/lib/permissions";
import { recordAudit } from "@/server/audit/log";
import { getConfig } from "@/server/config";
import { getDb } from "@/server/db";
import { getAuthSettings, idleTimeoutMs } from "./auth-settings";
import { isSessionEnded } from "./ended-sessions";
import { authOptions } from "./options";
import { closeSession, findSession, sessionExpiry, touchSession } from "./sessions";
import { twoFactorStatus } from "./two-factor";
import { findUserById, type UserRecord } from "./users";

/** The signed-in user, fresh from the database. */
export type SessionUser = Pick<UserRecord, "id" | "email" | "name" | "role" | "scopes"> &
  Principal & {
    /** This session's id (to mark it in the session list). */
    sid?: string;
    /** Two-factor sign-in is required for this user's role and not set up yet: only the account page is open. */
    mustEnrol2fa?: boolean;
  };

export interface SessionState {
  user: SessionUser;
  /** When the session ends unless used again (idle), or at the latest (absolute lifetime). */
  endsAt: Date;
  reason: "idle" | "lifetime";
  idleMs: number;
}

/**
 * The session, or null. The cookie only names the user and the session; the database decides: a disabled user, a
 * session older than the last password reset, one signed out of or revoked, idle too long or past its lifetime, is
 * refused at once. `touch` counts the call as activity (every page, action and route does; the expiry poll does not).
 */
export async function readSession(touch: boolean): Promise<SessionState | null> {
  const session = await getServerSession(authOptions());
  if (!session?.uid || !session.sid) return null;
  const db = getDb();
  const [user, ended, record, settings] = await Promise.all([
    findUserById(db, session.uid),
    isSessionEnded(db, session.sid),
    findSession(db, session.sid),
    getAuthSettings(db),
  ]);
  if (!user || ended || !record || record.userId !== user.id || user.disabled || user.sessionVersion !== session.sv) return null;
  const idleMs = idleTimeoutMs(settings);
  const now = new Date();
  const expiry = sessionExpiry(record, { idleMs, absoluteMs: getConfig().auth.sessionHours * 3_600_000 });
  if (expiry.endsAt <= now) {
    // The first request to find it over ends it for good and records why (idle or lifetime).
    if (await closeSession(db, record.sid)) {
      await recordAudit(
        { actor: { id: user.id, email: user.email, role: user.role }, action: "auth.session_expired", params: { reason: expiry.reason }, outcome: "ok" },
        db,
      );
    }
    return null;
  }
  if (touch) await touchSession(db, record, now);
  // Only for password sign-in: single sign-on users get their second factor from the identity provider.
  const mustEnrol2fa = user.hasPassword && settings.require2faRoles.includes(user.role) && !(await twoFactorStatus(db, user.id)).enabled;
  const endsAt = touch
    ? sessionExpiry({ ...record, lastSeenAt: now }, { idleMs, absoluteMs: getConfig().auth.sessionHours * 3_600_000 }).endsAt
    : expiry.endsAt;
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role, scopes: user.scopes, sid: record.sid, mustEnrol2fa },
    endsAt,
    reason: expiry.reason,
    idleMs,
  };
}

/** The signed-in user, or null (cached for the rest of the request; counts as activity). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => (await readSession(true))?.user ?? null);

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser(callbackUrl?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  return user;
}
