import "server-only";
// Remaining daily refresh/prefetch quota. Qiniu reports quotas only in refresh/prefetch answers: the console
// remembers the quota sizes it last saw (Qiniu's defaults until then) and counts today's (Beijing day) tasks with
// the list APIs, so refreshes made elsewhere (SDKs, other consoles) count too.
import { beijingDay } from "@/lib/cdn/stats";
import type { QiniuClient } from "@/lib/qiniu/client";

export interface CdnQuota {
  urlQuota: number;
  urlRemaining: number;
  dirQuota: number;
  dirRemaining: number;
  prefetchQuota: number;
  prefetchRemaining: number;
  /** "reported" = from Qiniu's last answer today, "counted" = today's tasks against the default quotas */
  source: "reported" | "counted";
}

export const DEFAULT_CDN_QUOTA = { url: 500, dir: 10, prefetch: 100 };

let remembered:
  | {
      day: string;
      refresh?: Pick<CdnQuota, "urlQuota" | "urlRemaining" | "dirQuota" | "dirRemaining">;
      prefetch?: Pick<CdnQuota, "prefetchQuota" | "prefetchRemaining">;
    }
  | undefined;

function todayEntry(now: number) {
  const day = beijingDay(now);
  if (remembered?.day !== day) remembered = { day };
  return remembered;
}

export function rememberRefreshQuota(
  r: { urlQuotaDay?: number; urlSurplusDay?: number; dirQuotaDay?: number; dirSurplusDay?: number },
  now = Date.now(),
): void {
  if (r.urlQuotaDay === undefined || r.urlSurplusDay === undefined || r.dirQuotaDay === undefined || r.dirSurplusDay === undefined) return;
  todayEntry(now).refresh = { urlQuota: r.urlQuotaDay, urlRemaining: r.urlSurplusDay, dirQuota: r.dirQuotaDay, dirRemaining: r.dirSurplusDay };
}

export function rememberPrefetchQuota(r: { quotaDay?: number; surplusDay?: number }, now = Date.now()): void {
  if (r.quotaDay === undefined || r.surplusDay === undefined) return;
  todayEntry(now).prefetch = { prefetchQuota: r.quotaDay, prefetchRemaining: r.surplusDay };
}

/** Quota errors carry the same figures: remember them from a failed call's body too. */
export function rememberFromBody(body: unknown, now = Date.now()): void {
  if (!body || typeof body !== "object") return;
  const b = body as Record<string, number | undefined>;
  rememberRefreshQuota(b, now);
  rememberPrefetchQuota(b, now);
}

async function countToday(client: QiniuClient, kind: "refresh" | "prefetch", isDir: "yes" | "no" | undefined, today: string): Promise<number> {
  const opts = { startTime: `${today} 00:00:00`, pageSize: 1, ...(isDir ? { isDir } : {}) };
  const res = kind === "refresh" ? await client.cdnRefreshList(opts) : await client.cdnPrefetchList(opts);
  return typeof res.total === "number" ? res.total : res.items.length;
}

/** Today's use, counted with the list APIs, against the quotas Qiniu last reported (else its defaults). */
export async function currentQuota(client: QiniuClient, now = Date.now()): Promise<CdnQuota> {
  const entry = todayEntry(now);
  const [urls, dirs, prefetch] = await Promise.all([
    countToday(client, "refresh", "no", entry.day),
    countToday(client, "refresh", "yes", entry.day),
    countToday(client, "prefetch", undefined, entry.day),
  ]);
  const urlQuota = entry.refresh?.urlQuota ?? DEFAULT_CDN_QUOTA.url;
  const dirQuota = entry.refresh?.dirQuota ?? DEFAULT_CDN_QUOTA.dir;
  const prefetchQuota = entry.prefetch?.prefetchQuota ?? DEFAULT_CDN_QUOTA.prefetch;
  return {
    urlQuota,
    urlRemaining: Math.max(0, urlQuota - urls),
    dirQuota,
    dirRemaining: Math.max(0, dirQuota - dirs),
    prefetchQuota,
    prefetchRemaining: Math.max(0, prefetchQuota - prefetch),
    source: entry.refresh && entry.prefetch ? "reported" : "counted",
  };
}
