import type { Role, Scope } from "@/lib/permissions";

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
