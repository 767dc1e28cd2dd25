// Requests the emulator makes itself: upload callbacks, pfop notifications, fetch / mirror prefetch. Not an open
// proxy and not a way into the machine's network: a target must be allow-listed by name (EMULATOR_FETCH_ALLOWLIST),
// and every address it resolves to must be public (outbound-address.ts), or loopback where the policy allows that.
// The connection goes to the address that was checked (no second DNS answer can swap it), and every redirect is
// checked again the same way.
import { lookup as dnsLookup } from "node:dns/promises";
import { createWriteStream } from "node:fs";
import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ContentHasher, type ContentDigest } from "./hashing";
import { classifyAddress } from "./outbound-address";

export interface ResolvedAddress {
  address: string;
  family: number;
}
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Loopback targets (127/8, ::1, localhost): only for tests and for callbacks to a console on loopback. */
  allowLoopback: boolean;
  /** Host names (host, host:port, *.domain, *) that may be reached when they resolve to public addresses. */
  allowlist: string[];
  /** DNS; the system resolver unless a test injects one. */
  resolve?: Resolver;
}

export class OutboundRefused extends Error {}

/** A loopback listen address (the emulator's own --host): a name for this machine or an address in 127/8, ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  return isIP(h) !== 0 && classifyAddress(h) === "loopback";
}

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

function allowListed(allowlist: string[], host: string, port: string): boolean {
  const hostPort = port ? `${host}:${port}` : host;
  return allowlist.some((entry) => {
    if (entry === "*") return true;
    if (entry.startsWith("*.")) return host.endsWith(entry.slice(1));
    return entry === host || entry === hostPort;
  });
}

/**
 * Decides whether the emulator may connect to `rawUrl` and to which address. The WHATWG parser has already turned
 * `127.1`, `2130706433`, `0x7f000001` and `0177.0.0.1` into `127.0.0.1`; names are resolved and each answer checked.
 */
export async function checkOutbound(policy: OutboundPolicy, rawUrl: string): Promise<{ url: URL; pinned: ResolvedAddress[] }> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new OutboundRefused("not a valid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new OutboundRefused(`${url.protocol} URLs are not fetched`);
  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .toLowerCase()
    .replace(/\.$/, "");
  const literal = isIP(host) !== 0;
  const namedLoopback = host === "localhost" || host.endsWith(".localhost");
  const listed = allowListed(policy.allowlist, host, url.port);
  // Names outside the allow-list are refused before any DNS query leaves the machine.
  if (!literal && !namedLoopback && !listed) throw new OutboundRefused(`${url.host} is not in EMULATOR_FETCH_ALLOWLIST`);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolver)(host);
    } catch (err) {
      throw new OutboundRefused(`cannot resolve ${host}: ${(err as Error).message}`);
    }
  }
  if (addresses.length === 0) throw new OutboundRefused(`${host} has no address`);
  for (const { address } of addresses) {
    const kind = namedLoopback && classifyAddress(address) !== "loopback" ? "internal" : classifyAddress(address);
    if (kind === "internal") throw new OutboundRefused(`${url.host} resolves to ${address}, a private or reserved address`);
    if (kind === "loopback" && !policy.allowLoopback) throw new OutboundRefused(`${url.host} is a loopback address (${address})`);
    if (kind === "public" && !listed) throw new OutboundRefused(`${url.host} is not in EMULATOR_FETCH_ALLOWLIST`);
  }
  return { url, pinned: addresses };
}

/**
 * A DNS lookup that answers only the addresses that were checked. All of them, for Node's happy-eyeballs connect
 * (`localhost` may resolve to ::1 first while the server listens on 127.0.0.1).
 */
function pinnedLookup(pinned: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all)
      callback(
        null,
        pinned.map(({ address, family }) => ({ address, family })),
      );
    else callback(null, pinned[0].address, pinned[0].family);
  };
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface OutboundRequest {
  policy: OutboundPolicy;
  method: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/** One HTTP(S) request without redirects; the Host header may be overridden (callbackHost). Throws OutboundRefused. */
export async function outboundRequest(rawUrl: string, opts: OutboundRequest): Promise<OutboundResponse> {
  const { url, pinned } = await checkOutbound(opts.policy, rawUrl);
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      { method: opts.method, headers: opts.headers, timeout: opts.timeoutMs, rejectUnauthorized: false, lookup: pinnedLookup(pinned), signal: opts.signal },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          size += c.length;
          if (size > opts.maxBytes) {
            req.destroy(new Error("response too large"));
            return;
          }
          chunks.push(c);
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout after ${opts.timeoutMs} ms`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

export interface DownloadResult {
  status: number;
  contentType?: string;
  digest?: ContentDigest;
}

/**
 * Streams a URL into `dest` while hashing it. Follows up to 3 redirects, each checked against the policy.
 * A non-2xx answer leaves `dest` untouched and returns its status. Throws OutboundRefused for a refused hop.
 */
export async function downloadTo(
  rawUrl: string,
  dest: string,
  opts: { policy: OutboundPolicy; timeoutMs: number; hostHeader?: string; maxBytes: number },
): Promise<DownloadResult> {
  let next = rawUrl;
  for (let hop = 0; hop < 4; hop++) {
    const target = await checkOutbound(opts.policy, next);
    const res = await openStream(target.url, target.pinned, opts.timeoutMs, hop === 0 ? opts.hostHeader : undefined);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      next = new URL(res.headers.location, target.url).toString();
      continue;
    }
    if (status < 200 || status >= 300) {
      res.resume();
      return { status };
    }
    const hasher = new ContentHasher();
    const meter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hasher.update(chunk);
        if (hasher.bytes > opts.maxBytes) return cb(new Error("source too large"));
        cb(null, chunk);
      },
    });
    await pipeline(res, meter, createWriteStream(dest));
    return { status, contentType: res.headers["content-type"], digest: hasher.digest() };
  }
  throw new Error("too many redirects");
}

function openStream(url: URL, pinned: ResolvedAddress[], timeoutMs: number, hostHeader?: string): Promise<http.IncomingMessage> {
  const lib = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(
      url,
      { timeout: timeoutMs, headers: hostHeader ? { Host: hostHeader } : {}, rejectUnauthorized: false, lookup: pinnedLookup(pinned) },
      resolve,
    );
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}
