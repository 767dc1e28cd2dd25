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
  /** Sign-in delayed (throttled) until then, or null. */
  throttledUntil: string | null;
  /** Failed sign-ins still counted against the account (0 = nothing to clear). */
  failures: number;
  twoFactor: boolean;
  /** Scope buckets that no longer exist. */
  missingBuckets: string[];
}
