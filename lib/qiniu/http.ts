import "server-only";
// The one request path of the Qiniu client: sign, time out, retry safe calls with backoff, map failures to
// QiniuError (conventions: "The Qiniu client is small and typed").
import { ambientSignal } from "./abort-scope";
import { signQBox, signQiniuV2, type Credentials } from "./auth";
import { QiniuError, errorTextOf } from "./errors";
import { isRegionalService, type RegionResolver } from "./region-resolver";
import type { QiniuHosts } from "./regions";
import { FORM_CONTENT_TYPE, qiniuDate } from "./signing-strings";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions extends Credentials {
  hosts: QiniuHosts;
  /** Per attempt, default 30 s. */
  timeoutMs?: number;
  /**
   * How long a whole call may take, retries and backup hosts included: safe (idempotent) calls, and calls that change
   * something. None by default; the console sets QINIU_READ_TIMEOUT_MS / QINIU_WRITE_TIMEOUT_MS (server/config.ts).
   */
  deadlineMs?: { read?: number; write?: number };
  /** Extra attempts for calls that are safe to repeat, default 2. */
  retries?: number;
  fetch?: FetchLike;
  /** Clock in ms (X-Qiniu-Date), injectable. */
  now?: () => number;
  /** [0,1) source for backoff jitter, injectable. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  userAgent?: string;
  /** Leave out X-Qiniu-Date (like DISABLE_QINIU_TIMESTAMP_SIGNATURE). */
  disableQiniuDate?: boolean;
}

export interface QiniuRequest {
  service: keyof QiniuHosts;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path, already encoded, starting with '/'. */
  path: string;
  /** The bucket the call is about: its region's hosts are used (when the transport has a resolver). */
  bucket?: string;
  query?: Record<string, string | number | undefined>;
  body?: string;
  contentType?: string;
  /** "qiniu" (v2, management), "qbox" (pfop, CDN) or "none". */
  auth: "qiniu" | "qbox" | "none";
  /** True only when repeating the call cannot change the outcome (reads, set-to-value updates). */
  idempotent: boolean;
  /** Statuses other than 2xx that still carry a usable body (batch: 298 and whole-batch failures). */
  acceptStatus?: (status: number, body: unknown) => boolean;
  /** Cancels the call; without one, the signal of the request being answered (abort-scope.ts) is used. */
  signal?: AbortSignal;
}

export interface QiniuResponse {
  status: number;
  body: unknown;
  reqId?: string;
}

// Node and Python SDKs retry 5xx except these (docs/qiniu-protocol.md §0 item 10).
const NO_RETRY = new Set([501, 509, 573, 579, 608, 612, 614, 616, 618, 630, 631, 632, 640, 701]);

export function isRetryableStatus(status: number): boolean {
  return status >= 500 && status < 700 && !NO_RETRY.has(status);
}

/** RFC 3986 query string; empty values are kept, undefined ones dropped. */
export function queryString(query: Record<string, string | number | undefined> | undefined): string {
  if (!query) return "";
  const parts = Object.entries(query)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join("&")}` : "";
}

/** Qiniu's answer to a bucket on another region's host (up: 400 "incorrect region, please use …"), or 631. */
export function isRegionError(e: unknown): boolean {
  return e instanceof QiniuError && ((e.status === 400 && /incorrect region/i.test(e.message)) || e.status === 631);
}

export class QiniuTransport {
  private readonly o: Required<Omit<TransportOptions, "userAgent">> & { userAgent?: string };
  /** Per-bucket hosts for up, io, rs, rsf and api (region-resolver.ts); without it every call goes to `hosts`. */
  regions?: RegionResolver;

  constructor(opts: TransportOptions) {
    this.o = {
      timeoutMs: 30_000,
      deadlineMs: {},
      retries: 2,
      fetch: (input, init) => globalThis.fetch(input, init),
      now: Date.now,
      random: Math.random,
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      disableQiniuDate: false,
      ...opts,
      hosts: { ...opts.hosts },
    };
  }

  get hosts(): QiniuHosts {
    return this.o.hosts;
  }

  url(req: Pick<QiniuRequest, "service" | "path" | "query">, base = this.o.hosts[req.service]): string {
    return `${base.replace(/\/+$/, "")}${req.path}${queryString(req.query)}`;
  }

  /** Base URLs to try for a request, primary first: the bucket's region's (cached) or the configured one. */
  private async candidates(req: QiniuRequest & { ownSignal?: AbortSignal }, refresh = false): Promise<string[]> {
    if (!this.regions || req.bucket === undefined || !isRegionalService(req.service)) return [this.o.hosts[req.service]];
    // Only the caller's own signal: a lookup other requests share is not cancelled by the ambient one (abort-scope.ts).
    return (await this.regions.resolve(req.bucket, { refresh, signal: req.ownSignal })).hosts[req.service];
  }

  async request(call: QiniuRequest): Promise<QiniuResponse> {
    const signal = call.signal ?? ambientSignal();
    const req = { ...call, signal, ownSignal: call.signal };
    // The user waits for the whole call, not for one attempt: past the deadline no retry starts.
    const deadlineMs = req.idempotent ? this.o.deadlineMs.read : this.o.deadlineMs.write;
    const deadline = deadlineMs !== undefined ? { signal: AbortSignal.timeout(deadlineMs), ms: deadlineMs } : undefined;
    let hosts = await this.candidates(req);
    let refreshed = false;
    // A safe call tries every backup host at least once; an unsafe one is sent once (a refused region excepted).
    const attempts = () => (req.idempotent ? Math.max(this.o.retries + 1, hosts.length) : 1);
    for (let attempt = 1; ; attempt++) {
      const host = hosts[(attempt - 1) % hosts.length];
      try {
        return await this.once(req, host, deadline);
      } catch (e) {
        if (!refreshed && req.bucket !== undefined && this.regions && isRegionError(e) && !req.signal?.aborted) {
          // The request was refused, not run: ask uc again, and repeat it once on the hosts it names now.
          refreshed = true;
          const fresh = await this.candidates(req, true);
          if (fresh[0] !== host) {
            hosts = fresh;
            attempt = 0;
            continue;
          }
        }
        const retry =
          attempt < attempts() &&
          e instanceof QiniuError &&
          (e.status === 0 || isRetryableStatus(e.status)) &&
          !deadline?.signal.aborted &&
          !req.signal?.aborted;
        if (!retry) throw e;
        // The next backup host at once; the same host again after exponential backoff with full jitter (200 ms, 400 ms, … ≤ 3 s).
        if (attempt % hosts.length === 0) await this.o.sleep(Math.round(Math.min(3000, 200 * 2 ** (attempt - 1)) * (0.5 + this.o.random() / 2)));
      }
    }
  }

  private headersFor(req: QiniuRequest, url: string): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.o.userAgent) headers["User-Agent"] = this.o.userAgent;
    const contentType = req.contentType ?? (req.body !== undefined ? FORM_CONTENT_TYPE : undefined);
    if (contentType) headers["Content-Type"] = contentType;
    if (req.auth === "qiniu") {
      if (!this.o.disableQiniuDate) headers["X-Qiniu-Date"] = qiniuDate(this.o.now());
      // Go sets the form type when there is none, and signs it; do the same so the request matches the signature.
      headers["Content-Type"] ??= FORM_CONTENT_TYPE;
      headers.Authorization = signQiniuV2(this.o, { method: req.method, url, headers, body: req.body, contentType: headers["Content-Type"] });
    } else if (req.auth === "qbox") {
      const u = new URL(url);
      headers.Authorization = signQBox(this.o, { path: u.pathname + u.search, body: req.body, contentType });
    }
    return headers;
  }

  private async once(req: QiniuRequest, base: string, deadline?: { signal: AbortSignal; ms: number }): Promise<QiniuResponse> {
    const url = this.url(req, base);
    const headers = this.headersFor(req, url);
    const attempt = AbortSignal.timeout(this.o.timeoutMs);
    const timeout = deadline ? AbortSignal.any([attempt, deadline.signal]) : attempt;
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let res: Response;
    let text: string;
    try {
      res = await this.o.fetch(url, { method: req.method, headers, body: req.body, signal, redirect: "manual" });
      text = await res.text();
    } catch (e) {
      if (req.signal?.aborted) throw req.signal.reason ?? e;
      const timedOut = timeout.aborted;
      const limit = deadline?.signal.aborted ? deadline.ms : this.o.timeoutMs;
      throw new QiniuError({
        status: 0,
        code: timedOut ? "timeout" : "network",
        message: timedOut ? `${req.service} did not answer within ${limit} ms` : `cannot reach ${req.service}: ${(e as Error).message}`,
        cause: e,
        ...(timedOut ? { timeoutMs: limit } : {}),
      });
    }
    const reqId = res.headers.get("x-reqid") ?? undefined;
    let body: unknown = null;
    let parsed = true;
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        parsed = false;
        body = text;
      }
    }
    const ok = (res.status >= 200 && res.status < 300) || (req.acceptStatus?.(res.status, body) ?? false);
    if (!ok) {
      throw new QiniuError({ status: res.status, reqId, body, message: errorTextOf(body) ?? `${req.service} answered HTTP ${res.status}` });
    }
    if (!parsed) throw new QiniuError({ status: res.status, code: "bad_response", reqId, body, message: `${req.service} sent a body that is not JSON` });
    return { status: res.status, body, reqId };
  }
}
