"use server";

import "server-only";
import { z } from "zod";
import { addDays, beijingDay, rangeProblem, type Granularity } from "@/lib/cdn/stats";
import type { CdnTask } from "@/lib/qiniu/client-types";
import { analysisReport, type AnalysisReport } from "@/server/cdn/analysis-report";
import { requireDomainData } from "@/server/cdn/domains";
import { cdnCall } from "@/server/cdn/errors";
import { currentQuota, rememberPrefetchQuota, rememberRefreshQuota, type CdnQuota } from "@/server/cdn/quota";
import { antiLeechInput, logListInput, objectsInput, prefetchInput, rangeInput, refreshInput, taskListInput, trafficInput } from "@/server/cdn/schemas";
import { objectUrls, requireSubmittable, signCdnLink, visibleTasks, type SignedCdnUrl } from "@/server/cdn/scope";
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

export const getCdnTraffic = defineAction({
  name: "cdn.traffic",
  input: trafficInput,
  permission: "cdn.read",
  audit: false,
  handler: async (i, ctx): Promise<TrafficReport> => {
    checkRange(i, i.granularity);
    const client = getQiniu();
    await requireDomainData(client, ctx.user, i.domains);
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
    await requireDomainData(client, ctx.user, i.domains);
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
    await requireDomainData(client, ctx.user, i.domains);
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
    await requireSubmittable(client, ctx.user, i.urls, i.dirs);
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
    await requireSubmittable(client, ctx.user, i.urls, null);
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
    const items = await visibleTasks(client, ctx.user, res.items as CdnPageItem[]);
    return { items, total: res.total ?? items.length, pageNo: res.pageNo ?? i.pageNo, pageSize: res.pageSize ?? i.pageSize };
  },
});

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
    const urls = await objectUrls(getQiniu(), ctx.user, i.bucket, i.keys);
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
    const urls = await objectUrls(client, ctx.user, i.bucket, i.keys);
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

export type { SignedCdnUrl };

export const signAntiLeechUrl = defineAction({
  name: "cdn.antileech_url",
  input: antiLeechInput,
  permission: "cdn.read",
  audit: (i) => ({ target: `${i.domain}/${i.path}`, params: { domain: i.domain, path: i.path, expiresIn: i.expiresIn } }),
  handler: async (i, ctx): Promise<SignedCdnUrl> => {
    const key = getConfig().qiniu.cdnAntiLeechKey;
    if (!key) throw new ActionFailure("cdn.antileech_key", "cdn.errors.antileechKey");
    return signCdnLink(getQiniu(), ctx.user, i, key);
  },
});
