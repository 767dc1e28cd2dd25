import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import type { Principal } from "@/lib/permissions";
import { getDb } from "@/server/db";
import { isSessionEnded } from "./ended-sessions";
import { authOptions } from "./options";
import { findUserById, type UserRecord } from "./users";

/** The signed-in user, fresh from the database. */
export type SessionUser = Pick<UserRecord, "id" | "email" | "name" | "role" | "scopes"> & Principal;

/**
 * The signed-in user, or null. The session cookie only names the user; the database decides: a disabled user, a
 * session older than the last password reset, or a session its owner signed out of, is refused at once. Cached for
 * the rest of the request.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await getServerSession(authOptions());
  if (!session?.uid || !session.sid) return null;
  const db = getDb();
  const [user, ended] = await Promise.all([findUserById(db, session.uid), isSessionEnded(db, session.sid)]);
  if (!user || ended || user.disabled || user.sessionVersion !== session.sv) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, scopes: user.scopes };
});

/** For pages: the signed-in user, or a redirect to the login page. */
export async function requireUser(callbackUrl?: string): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect(callbackUrl ? `/login?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/login");
  return user;
}
