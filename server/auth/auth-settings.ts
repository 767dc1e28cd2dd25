import "server-only";
import { isRole, type Role } from "@/lib/permissions";
import { getConfig } from "@/server/config";
import type { Queryable } from "@/server/db";

// Security settings an admin changes on the Users page (one row, shared by every instance): which roles must use
// two-factor sign-in, and the idle timeout (null = CONSOLE_SESSION_IDLE_MINUTES).

export interface AuthSettings {
  require2faRoles: Role[];
  idleMinutes: number | null;
}

export async function getAuthSettings(q: Queryable): Promise<AuthSettings> {
  const [row] = await q.query<{ require_2fa_roles: string[]; idle_minutes: number | null }>(
    "SELECT require_2fa_roles, idle_minutes FROM auth_settings WHERE id = 1",
  );
  return { require2faRoles: (row?.require_2fa_roles ?? []).filter(isRole), idleMinutes: row?.idle_minutes ?? null };
}

export async function saveAuthSettings(q: Queryable, s: AuthSettings): Promise<void> {
  await q.query(
    `INSERT INTO auth_settings (id, require_2fa_roles, idle_minutes, updated_at) VALUES (1, $1::text[], $2, now())
     ON CONFLICT (id) DO UPDATE SET require_2fa_roles = EXCLUDED.require_2fa_roles, idle_minutes = EXCLUDED.idle_minutes, updated_at = now()`,
    [s.require2faRoles, s.idleMinutes],
  );
}

/** The idle timeout in force, in ms. */
export function idleTimeoutMs(s: AuthSettings): number {
  return (s.idleMinutes ?? getConfig().auth.idleMinutes) * 60_000;
}
