"use server";

import "server-only";
import { z } from "zod";
import { addDays, beijingDay, rangeProblem, type Granularity } from "@/lib/cdn-stats";
import { checkCdnList, cdnHostOf, type CdnUrlProblem } from "@/lib/cdn-urls";
import { isUnrestricted } from "@/lib/permissions";
import { timestampAntiLeechUrl } from "@/lib/qiniu/antileech";
import type { CdnTask } from "@/lib/qiniu/client-types";
import { encodeKeyPath } from "@/lib/qiniu/urls";
import { analysisReport, type AnalysisReport } from "@/server/cdn/analysis-report";
import { cdnDomains, requireDomains, type CdnDomain } from "@/server/cdn/domains";
import { cdnCall } from "@/server/cdn/errors";
import { currentQuota, rememberPrefetchQuota, rememberRefreshQuota, type CdnQuota } from "@/server/cdn/quota";
import { antiLeechInput, logListInput, objectsInput, prefetchInput, rangeInput, refreshInput, taskListInput, trafficInput } from "@/server/cdn/schemas";
import { trafficReport, type TrafficReport } from "@/server/cdn/traffic";
import { getConfig } from "@/server/config";
import { getQiniu } from "@/server/qiniu";
import { ActionFailure, defineAction } from "./wrapper";

// The CDN page (issue 10). Every export is made by defineAction; reads are not audited, refresh/prefetch and
// signed anti-leech links are.

const LOG_DAYS = 30;

function checkRange(range: { startDate: string; endDate: string }, granularity: Granularity) {
  const problem = rangeProblem(range, granularity, beijingDay(Date.now()));
  if (problem) throw new ActionFailure(`cdn.range_${problem}`, `cdn.range.problems.${problem}`, { granularity, days: problem === "tooLong" ? rangeDays(granularity) : 0 });
}

function rangeDays(g: Granularity): number {
  return g === "5min" ? 31 : g === "hour" ? 93 : 366;
}

function refuse(problems: CdnUrlProblem[], field: string): void {
  const p = problems[0];
  if (!p) return;
  const vars: Record<string, string | number> = "value" in p ? { value: p.value } : p.kind === "tooMany" ? { max: p.max, count: p.count } : {};
  throw new ActionFailure(`cdn.${p.kind}`, `cdn.refresh.errors.${p.kind}`, vars, { [field]: `cdn.refresh.errors.${p.kind}` });
}

export const getCdnDomains = defineAction({
  name: "cdn.domains",
  input: z.object({}).default({}),
  permission: "cdn.read",
  audit: false,
  handler: async (_i, ctx): Promise<CdnDomain[]> => cdnDomains(getQiniu(), ctx.user),
});

export const getCdnTraffic = defineAction({
  name: "cdn.traffic",
  input: trafficInput,
  permission: "cdn.read",
  audit: false,
  handler: async (i, ctx): Promise<TrafficReport> => {
    checkRange(i, i.granularity);
    const client = getQiniu();
    await requireDomains(client, ctx.user, i.domains);
    return cdnCall(() => trafficReport(client, i.domains, { startDate: i.startDate, endDate: i.endDate }, i.granularity));
  },
});

export const getCdnAnalysis = defineAction({
  name: "cdn.analysis",
  input: rangeInput,
  permission: "cdn.read",
  audit: false,
  handler: async (i, ctx): Promise<AnalysisReport> => {
    checkRange(i, "day");
    const client = getQiniu();
    await requireDomains(client, ctx.user, i.domains);
    return cdnCall(() => analysisReport(client, i.domains, { startDate: i.startDate, endDate: i.endDate }));
  },
});

export interface CdnLogEntry {
  name: string;
  size: number;
  mtime: number;
  /** the console's own download route (the signed Qiniu URL never reaches the browser) */
  href: string;
}

export const listCdnLogs = defineAction({
  name: "cdn.logs",
  input: logListInput,
  permission: "cdn.read",
  audit: false,
  handler: async (i, ctx): Promise<Record<string, CdnLogEntry[]>> => {
    const today = beijingDay(Date.now());
    if (i.day > today || i.day < addDays(today, 1 - LOG_DAYS)) {
      throw new ActionFailure("cdn.log_day", "cdn.range.problems.tooLong", { granularity: "", days: LOG_DAYS });
    }
    const client = getQiniu();
    await requireDomains(client, ctx.user, i.domains);
    const list = await cdnCall(() => client.cdnLogList({ day: i.day, domains: i.domains }));
    return Object.fromEntries(
      i.domains.map((d) => [
        d,
        (list[d] ?? []).map((f) => ({
          name: f.name,
          size: f.size,
          mtime: f.mtime,
          href: `/api/cdn/logs?${new URLSearchParams({ domain: d, day: i.day, name: f.name })}`,
        })),
      ]),
    );
  },
});

export const getCdnQuota = defineAction({
  name: "cdn.quota",
  input: z.object({}).default({}),
  permission: "cdn.read",
  audit: false,
  handler: async (): Promise<CdnQuota> => cdnCall(() => currentQuota(getQiniu())),
});

export interface CdnSubmitResult {
  requestId: string;
  count: number;
  quota: CdnQuota;
}

export const refreshCdn = defineAction({
  name: "cdn.refresh",
  input: refreshInput,
  permission: "cdn.write",
  handler: async (i, ctx): Promise<CdnSubmitResult> => {
    const client = getQiniu();
    const allowed = (await cdnDomains(client, ctx.user)).map((d) => d.domain);
    refuse(checkCdnList(i.urls, "urls", allowed, i.dirs.length > 0), "urls");
    refuse(checkCdnList(i.dirs, "dirs", allowed, i.urls.length > 0), "dirs");
    const res = await cdnCall(() => client.cdnRefresh({ urls: i.urls, dirs: i.dirs }));
    rememberRefreshQuota(res);
    return { requestId: res.requestId, count: i.urls.length + i.dirs.length, quota: await cdnCall(() => currentQuota(client)) };
  },
});

export const prefetchCdn = defineAction({
  name: "cdn.prefetch",
  input: prefetchInput,
  permission: "cdn.write",
  handler: async (i, ctx): Promise<CdnSubmitResult> => {
    const client = getQiniu();
    const allowed = (await cdnDomains(client, ctx.user)).map((d) => d.domain);
    refuse(checkCdnList(i.urls, "prefetch", allowed), "urls");
    const res = await cdnCall(() => client.cdnPrefetch(i.urls));
    rememberPrefetchQuota(res);
    return { requestId: res.requestId, count: i.urls.length, quota: await cdnCall(() => currentQuota(client)) };
  },
});

type CdnPageItem = CdnTask & { isDir?: string };

export interface CdnTaskPage {
  items: CdnPageItem[];
  total: number;
  pageNo: number;
  pageSize: number;
}

export const listCdnTasks = defineAction({
  name: "cdn.tasks",
  input: taskListInput,
  permission: "cdn.read",
  audit: false,
  handler: async (i, ctx): Promise<CdnTaskPage> => {
    const client = getQiniu();
    const opts = { pageNo: i.pageNo, pageSize: i.pageSize };
    const res = await cdnCall(() => (i.kind === "refresh" ? client.cdnRefreshList(opts) : client.cdnPrefetchList(opts)));
    let items = res.items as CdnPageItem[];
    if (!isUnrestricted(ctx.user)) {
      // A user limited to some buckets sees only the tasks on those buckets' domains.
      const allowed = new Set((await cdnDomains(client, ctx.user)).map((d) => d.domain.toLowerCase()));
      items = items.filter((t) => allowed.has(cdnHostOf(t.url) ?? ""));
    }
    return { items, total: res.total ?? items.length, pageNo: res.pageNo ?? i.pageNo, pageSize: res.pageSize ?? i.pageSize };
  },
});

/** URLs of objects on every domain of their bucket (for "refresh after overwrite"). */
async function objectUrls(bucket: string, keys: string[], user: Parameters<typeof cdnDomains>[1]): Promise<string[]> {
  const domains = (await cdnDomains(getQiniu(), user)).filter((d) => d.bucket === bucket);
  if (domains.length === 0) throw new ActionFailure("cdn.unknown_domain", "cdn.errors.unknownDomain", { domain: bucket });
  return domains.flatMap((d) => keys.map((k) => `http://${d.domain}/${encodeKeyPath(k)}`));
}

export interface RefreshPlan {
  urls: number;
  remaining: number;
}

export const planObjectRefresh = defineAction({
  name: "cdn.refresh_objects_plan",
  input: objectsInput,
  permission: "cdn.read",
  target: (i) => ({ bucket: i.bucket }),
  audit: false,
  handler: async (i, ctx): Promise<RefreshPlan> => {
    const urls = await objectUrls(i.bucket, i.keys, ctx.user);
    const quota = await cdnCall(() => currentQuota(getQiniu()));
    return { urls: urls.length, remaining: quota.urlRemaining };
  },
});

export const refreshObjects = defineAction({
  name: "cdn.refresh_objects",
  input: objectsInput,
  permission: "cdn.write",
  target: (i) => ({ bucket: i.bucket }),
  handler: async (i, ctx): Promise<CdnSubmitResult> => {
    const client = getQiniu();
    const urls = await objectUrls(i.bucket, i.keys, ctx.user);
    const before = await cdnCall(() => currentQuota(client));
    // Quota check first: a partial refresh would leave some copies stale.
    if (urls.length > before.urlRemaining) {
      throw new ActionFailure("cdn.quota", "cdn.refresh.errors.quota", { need: urls.length, left: before.urlRemaining });
    }
    let requestId = "";
    for (let n = 0; n < urls.length; n += 60) {
      const res = await cdnCall(() => client.cdnRefresh({ urls: urls.slice(n, n + 60) }));
      rememberRefreshQuota(res);
      requestId ||= res.requestId;
    }
    return { requestId, count: urls.length, quota: await cdnCall(() => currentQuota(client)) };
  },
});

export interface SignedCdnUrl {
  url: string;
  /** unix seconds */
  expiresAt: number;
}

export const signAntiLeechUrl = defineAction({
  name: "cdn.antileech_url",
  input: antiLeechInput,
  permission: "cdn.read",
  audit: (i) => ({ target: `${i.domain}/${i.path}`, params: { domain: i.domain, path: i.path, expiresIn: i.expiresIn } }),
  handler: async (i, ctx): Promise<SignedCdnUrl> => {
    const key = getConfig().qiniu.cdnAntiLeechKey;
    if (!key) throw new ActionFailure("cdn.antileech_key", "cdn.errors.antileechKey");
    await requireDomains(getQiniu(), ctx.user, [i.domain]);
    const query = i.query.trim() ? Object.fromEntries(new URLSearchParams(i.query.trim().replace(/^\?/, ""))) : undefined;
    const expiresAt = Math.floor(Date.now() / 1000) + i.expiresIn;
    return { url: timestampAntiLeechUrl(`${i.scheme}://${i.domain}`, i.path.replace(/^\/+/, ""), query, key, expiresAt), expiresAt };
  },
});
