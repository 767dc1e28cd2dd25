// Requests the emulator makes itself: upload callbacks, fetch / mirror prefetch. Not an open proxy: only loopback
// targets (while the emulator itself listens on loopback, or with EMULATOR_ALLOW_LOOPBACK_CALLBACKS) and hosts in
// EMULATOR_FETCH_ALLOWLIST are reachable. No redirects are followed to hosts outside those rules.
import { createWriteStream } from "node:fs";
import http from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ContentHasher, type ContentDigest } from "./hashing";

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost" || h.endsWith(".localhost")) return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || h.startsWith("::ffff:127.");
  return false;
}

export interface OutboundRules {
  /** The emulator's own listen address. */
  listenHost: string;
  allowLoopback: boolean;
  allowlist: string[];
}

export function outboundAllowed(rules: OutboundRules, rawUrl: string): boolean {
  let u: URL;
  try {
    u = new URL(rawUrl);
  } catch {
    return false;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return false;
  const host = u.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (isLoopbackHost(host)) return rules.allowLoopback || isLoopbackHost(rules.listenHost);
  const hostPort = u.port ? `${host}:${u.port}` : host;
  return rules.allowlist.some((entry) => {
    if (entry === "*") return true;
    if (entry.startsWith("*.")) return host.endsWith(entry.slice(1));
    return entry === host || entry === hostPort;
  });
}

export interface OutboundResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface OutboundRequest {
  method: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  timeoutMs: number;
  maxBytes: number;
}

/** One HTTP(S) request without redirects; the Host header may be overridden (callbackHost). */
export function outboundRequest(rawUrl: string, opts: OutboundRequest): Promise<OutboundResponse> {
  const u = new URL(rawUrl);
  const lib = u.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      u,
      { method: opts.method, headers: opts.headers, timeout: opts.timeoutMs, rejectUnauthorized: false },
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
 * Streams a URL into `dest` while hashing it. Follows up to 3 redirects, each checked with `allowed`.
 * A non-2xx answer leaves `dest` untouched and returns its status.
 */
export async function downloadTo(
  rawUrl: string,
  dest: string,
  opts: { allowed: (url: string) => boolean; timeoutMs: number; hostHeader?: string; maxBytes: number },
): Promise<DownloadResult> {
  let url = rawUrl;
  for (let hop = 0; hop < 4; hop++) {
    if (!opts.allowed(url)) throw new Error(`the emulator may not fetch ${new URL(url).host} (EMULATOR_FETCH_ALLOWLIST)`);
    const res = await openStream(url, opts.timeoutMs, hop === 0 ? opts.hostHeader : undefined);
    const status = res.statusCode ?? 0;
    if (status >= 300 && status < 400 && res.headers.location) {
      res.resume();
      url = new URL(res.headers.location, url).toString();
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

function openStream(rawUrl: string, timeoutMs: number, hostHeader?: string): Promise<http.IncomingMessage> {
  const u = new URL(rawUrl);
  const lib = u.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.get(u, { timeout: timeoutMs, headers: hostHeader ? { Host: hostHeader } : {}, rejectUnauthorized: false }, resolve);
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on("error", reject);
  });
}
