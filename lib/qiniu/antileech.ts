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
export function timestampAntiLeechUrl(
  host: string,
  fileName: string,
  query: Record<string, string> | undefined,
  encryptKey: string,
  deadline: number,
): string {
  const base = `${host.replace(/\/+$/, "")}/${encodeKeyPath(fileName)}`;
  const qs = query && Object.keys(query).length > 0 ? encodeQuery(query) : undefined;
  // Sign the path as it will appear on the wire (WHATWG URL pathname, like the SDK).
  const rawPath = new URL(base).pathname;
  const t = Math.floor(deadline).toString(16);
  const sign = antiLeechSign(encryptKey, rawPath, t);
  return `${base}?${qs ? `${qs}&` : ""}sign=${sign}&t=${t}`;
}
