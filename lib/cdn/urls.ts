// Checks of refresh/prefetch input, shared by the form (instant feedback) and the server actions (the real check).
// Qiniu's rules (docs/qiniu-protocol.md §10): absolute http(s) URLs on the account's domains; directories end with `/`
// (or `/*`); at most 60 URLs and 10 directories per request.

export const CDN_REQUEST_LIMITS = { urls: 60, dirs: 10, prefetch: 60 } as const;

export type CdnUrlProblem =
  | { kind: "empty" }
  | { kind: "tooMany"; max: number; count: number }
  | { kind: "notUrl"; value: string }
  | { kind: "notDir"; value: string }
  | { kind: "foreign"; value: string }
  /** on a domain of the user's, but outside their key prefixes (lib/cdn/scope.ts) */
  | { kind: "outOfScope"; value: string };

/**
 * A URL without timestamp anti-leech `sign`/`t` (a copied signed link): Qiniu's refresh doc asks for them to be removed,
 * as the cache holds the resource, not one signed link. The rest of the query is kept byte for byte.
 */
export function withoutAntiLeech(value: string): string {
  const q = value.indexOf("?");
  if (q < 0) return value;
  const kept = value
    .slice(q + 1)
    .split("&")
    .filter((p) => !/^(sign|t)=/.test(p));
  return kept.length > 0 ? `${value.slice(0, q)}?${kept.join("&")}` : value.slice(0, q);
}

/** One entry per non-empty line, trimmed, duplicates removed. */
export function linesOf(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
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

/**
 * A directory as Qiniu's refresh API takes it (developer.qiniu.com/fusion/api/1229): ending with `/`
 * (`http://bar.foo.com/dir/`), or with the wildcard after it (`http://bar.foo.com/dir/*`); no other `*`, no query.
 * lib/qiniu/cdn.ts and the emulator apply the same rule.
 */
export function isCdnDir(value: string): boolean {
  const path = value.replace(/^[a-z]+:\/\/[^/]*/i, "");
  const star = path.indexOf("*");
  return !/[?#]/.test(path) && (star === -1 ? path.endsWith("/") : star === path.length - 1 && path.endsWith("/*"));
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
