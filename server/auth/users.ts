import "server-only";
import { randomUUID } from "node:crypto";
import { isRole, type Role, type Scope } from "@/lib/permissions";
import type { Queryable } from "@/server/db";

/** A console user as the rest of the app sees it (never the password hash). */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  scopes: Scope[];
  disabled: boolean;
  hasPassword: boolean;
  sessionVersion: number;
  createdAt: Date;
  lastLoginAt: Date | null;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  scopes: Scope[];
  password_hash: string | null;
  disabled: boolean;
  session_version: number;
  created_at: Date;
  last_login_at: Date | null;
}

const COLUMNS = "id, email, name, role, scopes, password_hash, disabled, session_version, created_at, last_login_at";

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

function toRecord(row: UserRow): UserRecord {
  if (!isRole(row.role)) throw new Error(`user ${row.id} has an unknown role ${row.role}`);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    scopes: Array.isArray(row.scopes) ? row.scopes : [],
    disabled: row.disabled,
    hasPassword: row.password_hash !== null,
    sessionVersion: row.session_version,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export async function findUserById(q: Queryable, id: string): Promise<UserRecord | null> {
  // A malformed id (old cookie, tampering) is simply "no such user", not a database error.
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return row ? toRecord(row) : null;
}

/** For the login check only: the record plus its password hash. */
export async function findLoginByEmail(q: Queryable, email: string): Promise<{ user: UserRecord; passwordHash: string | null } | null> {
  const [row] = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE lower(email) = $1`, [normalizeEmail(email)]);
  return row ? { user: toRecord(row), passwordHash: row.password_hash } : null;
}

export async function listUsers(q: Queryable): Promise<UserRecord[]> {
  const rows = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY lower(email)`);
  return rows.map(toRecord);
}

export async function countUsers(q: Queryable): Promise<number> {
  const [row] = await q.query<{ n: number }>("SELECT count(*) AS n FROM users");
  return row.n;
}

export class EmailTakenError extends Error {
  constructor(email: string) {
    super(`a user with the e-mail ${email} already exists`);
    this.name = "EmailTakenError";
  }
}

export async function createUser(
  q: Queryable,
  input: { email: string; name?: string; role: Role; scopes?: Scope[]; passwordHash: string | null },
): Promise<UserRecord> {
  const email = normalizeEmail(input.email);
  const rows = await q.query<UserRow>(
    `INSERT INTO users (id, email, name, role, scopes, password_hash) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT ((lower(email))) DO NOTHING RETURNING ${COLUMNS}`,
    [randomUUID(), email, input.name?.trim() ?? "", input.role, JSON.stringify(input.scopes ?? []), input.passwordHash],
  );
  if (rows.length === 0) throw new EmailTakenError(email);
  return toRecord(rows[0]);
}

export interface UserPatch {
  name?: string;
  role?: Role;
  scopes?: Scope[];
  disabled?: boolean;
  passwordHash?: string;
  /** End the user's current sessions (password reset, disabling). */
  endSessions?: boolean;
}

export async function updateUser(q: Queryable, id: string, patch: UserPatch): Promise<UserRecord | null> {
  const sets: string[] = ["updated_at = now()"];
  const params: unknown[] = [id];
  const set = (column: string, value: unknown, cast = "") => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (patch.name !== undefined) set("name", patch.name.trim());
  if (patch.role !== undefined) set("role", patch.role);
  if (patch.scopes !== undefined) set("scopes", JSON.stringify(patch.scopes), "::jsonb");
  if (patch.disabled !== undefined) set("disabled", patch.disabled);
  if (patch.passwordHash !== undefined) set("password_hash", patch.passwordHash);
  if (patch.endSessions) sets.push("session_version = session_version + 1");
  const [row] = await q.query<UserRow>(`UPDATE users SET ${sets.join(", ")} WHERE id = $1 RETURNING ${COLUMNS}`, params);
  return row ? toRecord(row) : null;
}

export async function recordLogin(q: Queryable, id: string): Promise<void> {
  await q.query("UPDATE users SET last_login_at = now() WHERE id = $1", [id]);
}
