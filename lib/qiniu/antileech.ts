import "server-only";
// CDN timestamp anti-leech URLs (docs/qiniu-protocol.md §4.2). The encrypt key is a secret: server-only.
import { antiLeechSign } from "./digest";
import { encodeKeyPath } from "./urls";

/** Query string from a record, `k=v&…` with both sides percent-encoded (RFC 3986, space as %20). */
export function encodeQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
}

/**
 * `<host>/<encoded fileName>[?<query>&]sign=<md5>&t=<hex deadline>`, the same URL the Node SDK's
 * `CdnManager#createTimestampAntiLeechUrl` builds (given the same query string).
 * `host` includes the scheme (`https://cdn.example.com`).
 */
export function timestampAntiLeechUrl(host: string, fileName: string, query: Record<string, string> | undefined, encryptKey: string, deadline: number): string {
  const base = `${host.replace(/\/+$/, "")}/${encodeKeyPath(fileName)}`;
  const qs = query && Object.keys(query).length > 0 ? encodeQuery(query) : undefined;
  // Sign the path as it will appear on the wire (WHATWG URL pathname, like the SDK).
  const rawPath = new URL(base).pathname;
  const t = Math.floor(deadline).toString(16);
  const sign = antiLeechSign(encryptKey, rawPath, t);
  return `${base}?${qs ? `${qs}&` : ""}sign=${sign}&t=${t}`;
}

/**
 * Adds `sign`/`t` to a finished URL whose query (a fop such as `imageView2/1/w/100`, `attname=…`) is kept verbatim: the
 * signature covers the path only (`md5(key + path + t)`, as in the Python SDK, which appends the query unencoded).
 * For a private bucket, sign this first and the private download token over the result (the token must be last, and
 * Qiniu's origin checks it over everything before `&token=`, sign and t included).
 */
export function signTimestampUrl(url: string, encryptKey: string, deadline: number): string {
  const rawPath = new URL(url).pathname;
  const t = Math.floor(deadline).toString(16);
  return `${url}${url.includes("?") ? "&" : "?"}sign=${antiLeechSign(encryptKey, rawPath, t)}&t=${t}`;
}
