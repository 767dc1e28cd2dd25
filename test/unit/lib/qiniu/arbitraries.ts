// fast-check generators shared by the lib/qiniu tests.
import fc from "fast-check";

/** Object keys: any Unicode text (incl. ':', '/', spaces, emoji), 1–120 chars. */
export const anyKey = fc.string({ unit: "grapheme", minLength: 1, maxLength: 120 });
/** Keys the Node SDK builds correct URLs for (no '%', '?', '#', no "."/".." segments: see urls.ts). */
export const urlSafeKey = anyKey.filter((k) => !/[%?#]/.test(k) && !/(^|\/)\.{1,2}(\/|$)/.test(k));
export const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,20}[a-z0-9]$/);
export const ak = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/);
export const sk = fc.string({ minLength: 1, maxLength: 60 });
/** Path segment characters as they appear on the wire. */
export const pathSegment = fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%-]{0,20}$/);
export const urlPath = fc.array(pathSegment, { maxLength: 5 }).map((s) => `/${s.join("/")}`);
export const queryString = fc.option(fc.stringMatching(/^[A-Za-z0-9._~&=%+-]{1,40}$/), { nil: undefined });
export const hostName = fc.oneof(
  fc.constantFrom("rs-z0.qiniuapi.com", "api.qiniuapi.com", "127.0.0.1", "localhost", "up-z1.qiniup.com"),
  // Only names a URL parser takes: "xn--…" labels must be valid punycode (seed 1576344278 drew "xn--.aa").
  fc.stringMatching(/^[a-z][a-z0-9-]{0,15}(\.[a-z]{2,6}){1,2}$/).filter((h) => URL.canParse(`http://${h}/`)),
);
export const port = fc.option(
  fc.integer({ min: 1, max: 65535 }).filter((p) => p !== 80 && p !== 443),
  { nil: undefined },
);
/** Header names made of RFC 7230 token characters, minus the two the Node SDK's table gets wrong ('\'' and '\\'). */
export const headerName = fc.stringMatching(/^[A-Za-z0-9!#$%&*+.^_`|~-]{1,16}$/);
export const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,30}$/).map((s) => s.trim());
export const qiniuHeaderName = fc
  .tuple(fc.constantFrom("X-Qiniu-", "x-qiniu-", "X-QINIU-", "x-Qiniu-"), fc.stringMatching(/^[A-Za-z0-9-]{0,12}$/))
  .map(([p, s]) => p + s);
/** Header sets with names unique regardless of case (a Headers object would merge case variants). */
export const headers = fc
  .uniqueArray(fc.tuple(fc.oneof(headerName, qiniuHeaderName), headerValue), { maxLength: 6, selector: ([n]) => n.toLowerCase() })
  .map((entries) => Object.fromEntries(entries));
export const body = fc.oneof(fc.constant(""), fc.string({ maxLength: 200 }), fc.json());
export const contentType = fc.constantFrom("application/x-www-form-urlencoded", "application/json", "application/octet-stream", "text/plain");
export const method = fc.constantFrom("GET", "POST", "PUT", "DELETE", "get", "post");
