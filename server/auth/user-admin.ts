import "server-only";
import type { Role, Scope } from "@/lib/permissions";
import type { Db, Queryable } from "@/server/db";
import { updateUser, findUserById, type UserRecord } from "./users";

// The rules of managing users, on top of the user store: nobody locks themselves out, one enabled admin always remains.

export type UserAdminErrorCode = "not_found" | "not_self" | "last_admin";

export class UserAdminError extends Error {
  constructor(readonly code: UserAdminErrorCode) {
    super(code);
    this.name = "UserAdminError";
  }
}

async function lockedTarget(tx: Queryable, id: string): Promise<UserRecord> {
  // Locking every enabled admin row serialises concurrent demotions, so two admins cannot demote each other at once.
  await tx.query("SELECT id FROM users WHERE role = 'admin' AND NOT disabled FOR UPDATE");
  const user = await findUserById(tx, id);
  if (!user) throw new UserAdminError("not_found");
  return user;
}

async function otherEnabledAdmins(tx: Queryable, id: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1", [id]);
  return row.n;
}

export async function changeAccess(db: Db, actorId: string, id: string, change: { role: Role; scopes: Scope[] }): Promise<UserRecord> {
  return db.transaction(async (tx) => {
    const user = await lockedTarget(tx, id);
    if (id === actorId && change.role !== user.role) throw new UserAdminError("not_self");
    if (user.role === "admin" && change.role !== "admin" && !user.disabled && (await otherEnabledAdmins(tx, id)) === 0) {
      throw new UserAdminError("last_admin");
    }
    return (await updateUser(tx, id, { role: change.role, scopes: change.role === "admin" ? [] : change.scopes }))!;
  });
}

export async function setDisabled(db: Db, actorId: string, id: string, disabled: boolean): Promise<UserRecord> {
  return db.transaction(async (tx) => {
    const user = await lockedTarget(tx, id);
    if (id === actorId) throw new UserAdminError("not_self");
    if (disabled && user.role === "admin" && !user.disabled && (await otherEnabledAdmins(tx, id)) === 0) throw new UserAdminError("last_admin");
    // Disabling also ends the user's sessions; the session check would refuse them anyway, this makes re-enabling safe.
    return (await updateUser(tx, id, { disabled, endSessions: disabled }))!;
  });
}

export async function setPassword(db: Db, id: string, passwordHash: string): Promise<UserRecord> {
  const user = await updateUser(db, id, { passwordHash, endSessions: true });
  if (!user) throw new UserAdminError("not_found");
  return user;
}
