// Which bucket keys a CDN URL names, for users limited to key prefixes (issue 17, finding 13). Pure and browser-safe:
// the refresh form uses it for instant feedback, server/actions/cdn.ts for the real check.
import { cdnHostOf, type CdnUrlProblem } from "./urls";

/** A domain as a user sees it: `prefixes` null = the whole bucket behind it, else only keys under these prefixes. */
export interface ScopedDomain {
  domain: string;
  prefixes: readonly string[] | null;
}

/** A bucket download domain a user may look at (server/cdn/domains.ts lists them). */
export interface CdnDomain extends ScopedDomain {
  domain: string;
  bucket: string;
  private: boolean;
  /** null = the user's scope covers the whole bucket; otherwise the key prefixes they may work under. */
  prefixes: string[] | null;
}

/**
 * The key a CDN URL's path names: percent-decoded, without the leading `/` (Qiniu maps the path to the key this way).
 * null when the path is not in normal form (`.`/`..` segments, `\`, bad escapes): a browser or the CDN would then
 * fetch another path than the one written, so no scope decision can be made from it.
 */
export function cdnUrlKey(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  const written = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(value.trim())?.[1] ?? "/";
  try {
    const key = decodeURIComponent(url.pathname);
    return decodeURIComponent(written) === key ? key.slice(1) : null;
  } catch {
    return null;
  }
}

/** Does `key` (or a directory's `prefix/` or `prefix*`) lie inside `prefixes` (null = everything)? */
export function keyInPrefixes(key: string, prefixes: readonly string[] | null): boolean {
  return prefixes === null || prefixes.some((p) => key.startsWith(p));
}

/** May a user who sees `domains` act on the object(s) `value` names? Unknown hosts are checkCdnList's concern. */
export function cdnUrlInScope(value: string, domains: readonly ScopedDomain[]): boolean {
  const host = cdnHostOf(value);
  const domain = host === null ? undefined : domains.find((d) => d.domain.toLowerCase() === host);
  if (!domain) return true;
  if (domain.prefixes === null) return true;
  const key = cdnUrlKey(value);
  return key !== null && keyInPrefixes(key, domain.prefixes);
}

/** The refresh/prefetch entries outside the user's prefixes, as problems in input order. */
export function scopeProblems(values: readonly string[], domains: readonly ScopedDomain[]): CdnUrlProblem[] {
  return values.filter((value) => !cdnUrlInScope(value, domains)).map((value) => ({ kind: "outOfScope" as const, value }));
}

/** Domains whose traffic, logs and top URLs the user may see: those whose whole bucket is in their scope. */
export function dataDomains<D extends ScopedDomain>(domains: readonly D[]): D[] {
  return domains.filter((d) => d.prefixes === null);
}
