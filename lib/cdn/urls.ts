// Checks of refresh/prefetch input, shared by the form (instant feedback) and the server actions (the real check).
// Qiniu's rules (docs/qiniu-protocol.md §10): absolute http(s) URLs on the account's domains; directories end with `/`
// (or `*` for a prefix); at most 60 URLs and 10 directories per request.

export const CDN_REQUEST_LIMITS = { urls: 60, dirs: 10, prefetch: 60 } as const;

export type CdnUrlProblem =
  | { kind: "empty" }
  | { kind: "tooMany"; max: number; count: number }
  | { kind: "notUrl"; value: string }
  | { kind: "notDir"; value: string }
  | { kind: "foreign"; value: string }
  /** on a domain of the user's, but outside their key prefixes (lib/cdn/scope.ts) */
  | { kind: "outOfScope"; value: string };

/** One entry per non-empty line, trimmed, duplicates removed. */
export function linesOf(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))];
}

/** host[:port] of an http(s) URL, lower-case; null when it is not one. */
export function cdnHostOf(value: string): string | null {
  try {
    const u = new URL(value);
    if ((u.protocol !== "http:" && u.protocol !== "https:") || u.username || u.password || !u.hostname) return null;
    return u.host.toLowerCase();
  } catch {
    return null;
  }
}

export function isCdnDir(value: string): boolean {
  const path = value.replace(/^[a-z]+:\/\/[^/]*/i, "");
  const star = path.indexOf("*");
  return !/[?#]/.test(path) && (star === -1 ? path.endsWith("/") : star === path.length - 1);
}

/** The problems of one list (urls, dirs or prefetch urls), in order; [] when it can be submitted. */
export function checkCdnList(values: readonly string[], kind: "urls" | "dirs" | "prefetch", domains: readonly string[], allowEmpty = false): CdnUrlProblem[] {
  const max = CDN_REQUEST_LIMITS[kind];
  if (values.length === 0) return allowEmpty ? [] : [{ kind: "empty" }];
  if (values.length > max) return [{ kind: "tooMany", max, count: values.length }];
  const known = new Set(domains.map((d) => d.toLowerCase()));
  const problems: CdnUrlProblem[] = [];
  for (const value of values) {
    const host = cdnHostOf(value);
    if (!host) problems.push({ kind: "notUrl", value });
    else if (kind === "dirs" && !isCdnDir(value)) problems.push({ kind: "notDir", value });
    else if (kind !== "dirs" && value.includes("*")) problems.push({ kind: "notUrl", value });
    else if (!known.has(host)) problems.push({ kind: "foreign", value });
  }
  return problems;
}
