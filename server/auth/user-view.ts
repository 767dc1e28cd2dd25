import type { Role, Scope } from "@/lib/permissions";
import type { UserRecord } from "./users";

/** What the Users page shows of a user (plain data for client components; never the hash). */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  scopes: Scope[];
  disabled: boolean;
  hasPassword: boolean;
  lastLoginAt: string | null;
}

export function toUserView(u: UserRecord): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    scopes: u.scopes,
    disabled: u.disabled,
    hasPassword: u.hasPassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}
