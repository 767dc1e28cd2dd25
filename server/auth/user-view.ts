import type { UserView } from "@/lib/users/user-view";
import type { UserRecord } from "./users";

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
