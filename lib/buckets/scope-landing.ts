// Where a prefix-scoped user lands in a bucket. Opening a bucket means its root, which such a user may not list:
// with one granted prefix they are taken there, with several they choose (never an error for opening the bucket).
import type { BrowserState } from "./browser-url";

/** May this listing prefix be shown? `scopes` null = the whole bucket. */
export function listingAllowed(scopes: readonly string[] | null, listPrefix: string): boolean {
  return scopes === null || scopes.some((s) => listPrefix.startsWith(s));
}

/**
 * A scope as browser state: the folder part as the prefix and the rest as the search, so `team-a/rep` (a scope that
 * is not a whole folder) lists exactly the keys it allows.
 */
export function scopeState(scope: string): Pick<BrowserState, "prefix" | "q"> {
  const cut = scope.lastIndexOf("/") + 1;
  return { prefix: scope.slice(0, cut), q: scope.slice(cut) };
}

/** The one place to send a user who opened the bucket root without the right to list it; null = let them choose. */
export function landingScope(scopes: readonly string[] | null, listPrefix: string): string | null {
  if (scopes === null || listPrefix !== "" || listingAllowed(scopes, listPrefix)) return null;
  const distinct = [...new Set(scopes)];
  return distinct.length === 1 ? distinct[0] : null;
}
