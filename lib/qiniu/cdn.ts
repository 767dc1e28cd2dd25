import "server-only";
// Fusion CDN calls (docs/qiniu-protocol.md §10): POST JSON, QBox over the path only, `code` 200 in the body means OK.
import { QiniuError, QiniuInputError } from "./errors";
import type { QiniuTransport } from "./http";
import { JSON_CONTENT_TYPE } from "./signing-strings";
import type {
  CdnLogList,
  CdnLogListOptions,
  CdnPrefetchResult,
  CdnRefreshResult,
  CdnStats,
  CdnStatsOptions,
  CdnTaskList,
  CdnTaskListOptions,
} from "./client-types";

/** Per-request limits (2023 doc; the SDKs still check 100 urls, the 2026 doc lowers them further). */
export const CDN_LIMITS = { refreshUrls: 60, refreshDirs: 10, prefetchUrls: 60 } as const;

async function call<T>(t: QiniuTransport, path: string, payload: unknown, idempotent: boolean, signal?: AbortSignal): Promise<T> {
  const res = await t.request({
    service: "fusion",
    method: "POST",
    path,
    body: JSON.stringify(payload),
    contentType: JSON_CONTENT_TYPE,
    auth: "qbox",
    idempotent,
    // Errors arrive as HTTP 4xx too, with the numeric code in the body: let the body decide.
    acceptStatus: (status, b) => status < 500 && !!b && typeof b === "object" && typeof (b as { code?: unknown }).code === "number",
    signal,
  });
  const body = res.body as { code?: unknown; error?: unknown } | null;
  if (!body || typeof body !== "object")
    throw new QiniuError({ status: res.status, code: "bad_response", reqId: res.reqId, body, message: "CDN answer is not an object" });
  if (typeof body.code === "number" && body.code !== 200) {
    throw new QiniuError({
      status: res.status,
      code: "cdn_error",
      apiCode: body.code,
      reqId: res.reqId,
      body,
      message: typeof body.error === "string" && body.error ? body.error : `CDN error ${body.code}`,
    });
  }
  return body as T;
}

function checkUrls(urls: readonly string[], max: number, what: string): void {
  if (urls.length > max) throw new QiniuInputError(`At most ${max} ${what} per request (got ${urls.length})`, what);
  for (const u of urls) {
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(u).protocol);
    } catch {
      ok = false;
    }
    if (!ok) throw new QiniuInputError(`Not an http(s) URL: ${u}`, what);
  }
}

export async function cdnRefresh(t: QiniuTransport, opts: { urls?: string[]; dirs?: string[] }, signal?: AbortSignal): Promise<CdnRefreshResult> {
  const urls = opts.urls ?? [];
  const dirs = opts.dirs ?? [];
  if (urls.length === 0 && dirs.length === 0) throw new QiniuInputError("Nothing to refresh: give URLs or directories", "urls");
  checkUrls(urls, CDN_LIMITS.refreshUrls, "urls");
  checkUrls(dirs, CDN_LIMITS.refreshDirs, "dirs");
  for (const d of dirs) if (!/\/\*?$/.test(d)) throw new QiniuInputError(`A directory must end with '/' (or '/*'): ${d}`, "dirs");
  // Python leaves out empty lists; Node sends null. Leaving them out works for both readings.
  const payload: Record<string, string[]> = {};
  if (urls.length) payload.urls = urls;
  if (dirs.length) payload.dirs = dirs;
  return call<CdnRefreshResult>(t, "/v2/tune/refresh", payload, false, signal);
}

export async function cdnPrefetch(t: QiniuTransport, urls: string[], signal?: AbortSignal): Promise<CdnPrefetchResult> {
  if (urls.length === 0) throw new QiniuInputError("Nothing to prefetch: give URLs", "urls");
  checkUrls(urls, CDN_LIMITS.prefetchUrls, "urls");
  return call<CdnPrefetchResult>(t, "/v2/tune/prefetch", { urls }, false, signal);
}

function withoutUndefined(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export async function cdnTaskList(t: QiniuTransport, kind: "refresh" | "prefetch", opts: CdnTaskListOptions, signal?: AbortSignal): Promise<CdnTaskList> {
  const res = await call<CdnTaskList>(t, `/v2/tune/${kind}/list`, withoutUndefined(opts), true, signal);
  return { ...res, items: Array.isArray(res.items) ? res.items : [] };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function cdnStats(t: QiniuTransport, kind: "flux" | "bandwidth", opts: CdnStatsOptions, signal?: AbortSignal): Promise<CdnStats> {
  if (opts.domains.length === 0) throw new QiniuInputError("Choose at least one domain", "domains");
  if (!DATE.test(opts.startDate) || !DATE.test(opts.endDate)) throw new QiniuInputError("Dates are YYYY-MM-DD", "startDate");
  if (opts.startDate > opts.endDate) throw new QiniuInputError("The start date is after the end date", "startDate");
  const payload = withoutUndefined({
    startDate: opts.startDate,
    endDate: opts.endDate,
    granularity: opts.granularity,
    domains: opts.domains.join(";"),
    type: opts.type,
  });
  const res = await call<Partial<CdnStats>>(t, `/v2/tune/${kind}`, payload, true, signal);
  return { time: res.time ?? [], data: res.data ?? {} };
}

export async function cdnLogList(t: QiniuTransport, opts: CdnLogListOptions, signal?: AbortSignal): Promise<CdnLogList> {
  if (!DATE.test(opts.day)) throw new QiniuInputError("The day is YYYY-MM-DD", "day");
  if (opts.domains.length === 0) throw new QiniuInputError("Choose at least one domain", "domains");
  const res = await call<{ data?: CdnLogList }>(t, "/v2/tune/log/list", { day: opts.day, domains: opts.domains.join(";") }, true, signal);
  return res.data ?? {};
}
