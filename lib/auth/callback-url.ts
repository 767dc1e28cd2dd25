// Where to send someone after signing in. A login link is attacker-controlled, and browsers "fix" URLs before they
// follow them (tabs, CR/LF are dropped, `\` becomes `/`, leading spaces vanish), so a prefix check on the raw string
// ("starts with / but not //") is not enough: `/\t/evil.example/` passes it and the browser follows `//evil.example/`.
// Instead the value is parsed exactly as the browser will parse it (WHATWG URL) against the console's origin, and only
// a same-origin result survives, re-serialised by the parser (percent-encoded ASCII: safe in a Location header).

const MAX_LENGTH = 4096;

/** The same-origin path (path + query + fragment) `value` leads to from `origin`, or `fallback` when it leads elsewhere. */
export function sameOriginPath(value: unknown, origin: string, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_LENGTH) return fallback;
  let base: URL;
  let target: URL;
  try {
    base = new URL(origin);
    target = new URL(value, base);
  } catch {
    return fallback;
  }
  if (target.origin !== base.origin || (target.protocol !== "http:" && target.protocol !== "https:")) return fallback;
  // An absolute same-origin URL may still carry a path of `//host`, which is protocol-relative once used on its own.
  return target.pathname.replace(/^\/+/, "/") + target.search + target.hash;
}

/** Where the login page sends someone once signed in: a same-origin path, never back to the login page (a loop). */
export function afterLoginPath(value: unknown, origin: string): string {
  const path = sameOriginPath(value, origin);
  return /^\/login(?:[/?#]|$)/.test(path) ? "/" : path;
}

/** `sameOriginPath`, as an absolute URL on `origin` (what next-auth's redirect callback returns). */
export function sameOriginUrl(value: unknown, origin: string): string {
  const base = new URL(origin);
  return base.origin + sameOriginPath(value, base.origin);
}
