// The exact strings Qiniu signs (docs/qiniu-protocol.md §3). Pure (no secret, no node-only module) so the
// emulator's verifier and tests can use them; the HMAC itself lives in auth.ts (server-only).

export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
export const JSON_CONTENT_TYPE = "application/json";
export const OCTET_STREAM = "application/octet-stream";

export type Body = string | Uint8Array;
export type HeaderInput = Record<string, string | undefined> | Headers | Iterable<readonly [string, string]>;

const decoder = new TextDecoder();

/** A body as the Node SDK appends it to the signing string (Buffer#toString, i.e. UTF-8). */
export function bodyText(body: Body | undefined): string {
  if (body === undefined) return "";
  return typeof body === "string" ? body : decoder.decode(body);
}

export interface QBoxSigningInput {
  /** Path as sent (percent-encoding preserved). May already carry `?query` when `query` is omitted. */
  path: string;
  /** Raw query without the leading '?'. */
  query?: string;
  body?: Body;
  contentType?: string;
}

/** `<path>[?<query>]\n` + body when the Content-Type is exactly form-urlencoded (§3.1). */
export function qboxSigningString({ path, query, body, contentType }: QBoxSigningInput): string {
  let s = path;
  if (query) s += `?${query}`;
  s += "\n";
  if (contentType === FORM_CONTENT_TYPE && body !== undefined) s += bodyText(body);
  return s;
}

export type QiniuV2Target =
  | { /** Full URL; path, query and host[:port] are taken from it (WHATWG URL, as fetch sends it). */ url: string }
  | { /** Raw request target `path[?query]` as received. */ path: string; /** Host header value (host[:port]). */ host: string };

export type QiniuV2SigningInput = QiniuV2Target & {
  method: string;
  headers?: HeaderInput;
  body?: Body;
  /**
   * undefined: write `Content-Type: application/x-www-form-urlencoded` (Node and Go default).
   * null: write no Content-Type line (Python, for a request without Content-Type).
   */
  contentType?: string | null;
  /** Sign `Host: h:port:port` like the Node SDK does when the URL has an explicit port (§3.2). */
  nodePortQuirk?: boolean;
};

/** Splits a URL into the signed request target and Host value. */
export function targetOf(url: string): { path: string; host: string } {
  const u = new URL(url);
  return { path: u.pathname + u.search, host: u.host };
}

/**
 * The Qiniu (v2) signing string (§3.2):
 * `METHOD path?query\nHost: h\nContent-Type: ct\nX-Qiniu-A: v\n\nbody`.
 */
export function qiniuV2SigningString(input: QiniuV2SigningInput): string {
  const { path, host } = "url" in input ? targetOf(input.url) : input;
  let s = `${input.method.toUpperCase()} ${path}\nHost: ${host}`;
  if (input.nodePortQuirk) {
    const port = portOf(host);
    if (port) s += `:${port}`;
  }
  const ct = input.contentType === undefined ? FORM_CONTENT_TYPE : input.contentType;
  if (ct !== null) s += `\nContent-Type: ${ct}`;
  const lines = qiniuHeaderLines(input.headers);
  if (lines) s += `\n${lines}`;
  s += "\n\n";
  if (ct !== null && ct !== OCTET_STREAM && input.body !== undefined) s += bodyText(input.body);
  return s;
}

/**
 * Every Host value a client may have signed for a request that arrived with this Host header:
 * as received, and with the port doubled (Node SDK quirk, docs/qiniu-protocol.md §3.2).
 */
export function qiniuV2HostCandidates(hostHeader: string): string[] {
  const port = portOf(hostHeader);
  return port ? [hostHeader, `${hostHeader}:${port}`] : [hostHeader];
}

function portOf(host: string): string | undefined {
  const m = /:(\d+)$/.exec(host);
  // An IPv6 literal without port ends in ']' and does not match.
  return m ? m[1] : undefined;
}

function headerEntries(headers: HeaderInput | undefined): [string, string][] {
  if (!headers) return [];
  if (typeof Headers !== "undefined" && headers instanceof Headers) return [...headers.entries()];
  if (Symbol.iterator in headers) return [...(headers as Iterable<readonly [string, string]>)].map(([k, v]) => [k, v]);
  return Object.entries(headers as Record<string, string | undefined>).filter((e): e is [string, string] => e[1] !== undefined);
}

const X_QINIU = "X-Qiniu-";

/** `X-Qiniu-*` header lines, canonicalised and sorted; later duplicates win (Node SDK behaviour). */
export function qiniuHeaderLines(headers: HeaderInput | undefined): string {
  const map = new Map<string, string>();
  for (const [name, value] of headerEntries(headers)) map.set(canonicalMimeHeaderKey(name), value);
  return [...map.keys()]
    .filter((k) => k.startsWith(X_QINIU) && k.length > X_QINIU.length)
    .sort()
    .map((k) => `${k}: ${map.get(k)}`)
    .join("\n");
}

const TOKEN_CHARS = /^[!#$%&'*+\-.0-9A-Z^_`a-z|~]+$/;

/**
 * Go's textproto.CanonicalMIMEHeaderKey as the Node SDK implements it: each '-'-separated word becomes
 * Upper-first, lower-rest; a name with any non-token character is returned unchanged.
 */
export function canonicalMimeHeaderKey(name: string): string {
  if (!TOKEN_CHARS.test(name)) return name;
  return name
    .split("-")
    .map((w) => w.slice(0, 1).toUpperCase() + w.slice(1).toLowerCase())
    .join("-");
}

/** `YYYYMMDDTHHMMSSZ` (UTC), the X-Qiniu-Date format. */
export function qiniuDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}
