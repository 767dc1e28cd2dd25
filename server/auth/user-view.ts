import type { UserView } from "@/lib/users/user-view";
import type { UserRecord } from "./users";

/** What the Users page adds to a user: throttling, two-step verification, deleted scope buckets. */
export interface UserSecurityFacts {
  throttle?: { lockedUntil: Date | null; failures: number };
  twoFactor?: boolean;
  /** Every bucket that exists, or null when the list could not be read (nothing is then marked missing). */
  buckets?: ReadonlySet<string> | null;
}

export function toUserView(u: UserRecord, facts: UserSecurityFacts = {}): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    scopes: u.scopes,
    disabled: u.disabled,
    hasPassword: u.hasPassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    throttledUntil: facts.throttle?.lockedUntil?.toISOString() ?? null,
    failures: facts.throttle?.failures ?? 0,
    twoFactor: facts.twoFactor ?? false,
    missingBuckets: facts.buckets && u.role !== "admin" ? [...new Set(u.scopes.map((s) => s.bucket))].filter((b) => !facts.buckets!.has(b)) : [],
  };
}
