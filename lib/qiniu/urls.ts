// Public object URLs (docs/qiniu-protocol.md §4). Pure: safe in the browser.

const SURROGATES = /([\uD800-\uDBFF][\uDC00-\uDFFF])|[\uD800-\uDFFF]/g;
// Kept as-is: what the Node SDK's `encodeurl` keeps (plus '$', which its encodeURI keeps), except '%', '?' and '#'.
// Node keeps those three and so builds a wrong URL for keys holding them ("a%20b" would name "a b",
// "a?b" would name "a"); we always escape them. For every other key our output equals the SDK's.
const UNSAFE_RUNS = /[^\x21\x24\x26-\x3B\x3D\x40-\x5B\x5D\x5F\x61-\x7A\x7E]+/g;

// A "." or ".." segment ("docs/../secret/x"): every URL parser (WHATWG, so fetch and browsers) removes it, and
// "%2e" too, so the request would name another key than the one whose scope was checked. Keys are opaque: such a
// key is sent with all its slashes as %2F, one path segment the parser leaves alone, which Qiniu (and the
// emulator) decode back to "/". A whole key of "." or ".." cannot be protected this way; it names no other key.
const DOT_SEGMENT = /(^|\/)\.{1,2}(\/|$)/;

/** Percent-encodes an object key for use as a URL path (`/` kept, except in keys with `.`/`..` segments). */
export function encodeKeyPath(key: string): string {
  const encoded = key.replace(SURROGATES, (_, pair: string | undefined) => pair ?? "\uFFFD").replace(UNSAFE_RUNS, (s) => encodeURIComponent(s));
  return DOT_SEGMENT.test(key) ? encoded.replaceAll("/", "%2F") : encoded;
}

/** `<scheme>://<domain>/<encoded key>`; a domain without scheme gets `http://`. */
export function objectUrl(domain: string, key: string): string {
  const base = /^[a-z][a-z0-9+.-]*:\/\//i.test(domain) ? domain : `http://${domain}`;
  return `${base.replace(/\/+$/, "")}/${encodeKeyPath(key)}`;
}
