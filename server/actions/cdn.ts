"use server";

import "server-only";
import { randomUUID } from "node:crypto";
import { deleteRule, insertRule, ruleDomain } from "@/server/cdn/alerts/store";
import { requireDomainData } from "@/server/cdn/domains";
import { getDb } from "@/server/db";
import { cdnCall } from "@/server/cdn/errors";
import { currentQuota, rememberPrefetchQuota, rememberRefreshQuota, type CdnQuota } from "@/server/cdn/quota";
import { alertIdInput, alertRuleInput, antiLeechInput, objectsInput, prefetchInput, refreshInput } from "@/server/cdn/schemas";
import { objectUrls, requireSubmittable, signCdnLink, type SignedCdnUrl } from "@/server/cdn/scope";
import { domainAntiLeech } from "@/server/cdn/antileech";
import { getCredentials, getQiniu } from "@/server/qiniu";
import { ActionFailure, defineAction } from "./wrapper";

// The CDN page's changes (issue 10). Every export is made by defineAction; refresh/prefetch and signed anti-leech
// links are audited. The reads (traffic, analysis, log files, quota, task history) are GET routes: server/cdn/reads.ts.

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
    const client = getQiniu();
    const { keys } = await domainAntiLeech(client, i.domain);
    const key = keys[i.keyIndex] ?? keys[0];
    if (!key) throw new ActionFailure("cdn.antileech_key", "cdn.errors.antileechKey");
    return signCdnLink(client, ctx.user, i, key, getCredentials());
  },
});

// CDN alerts (issue 21): rules are managed with the refresh permission, on domains whose data the user may see.

export const createCdnAlert = defineAction({
  name: "cdn.alert_create",
  input: alertRuleInput,
  permission: "cdn.write",
  audit: (i) => ({ target: i.domain, params: { domain: i.domain, metric: i.metric, threshold: i.threshold } }),
  handler: async (i, ctx): Promise<{ id: string }> => {
    await requireDomainData(getQiniu(), ctx.user, [i.domain]);
    const id = randomUUID();
    await insertRule(getDb(), { id, domain: i.domain, metric: i.metric, threshold: i.threshold, webhookUrl: i.webhookUrl }, ctx.user.id);
    return { id };
  },
});

export const deleteCdnAlert = defineAction({
  name: "cdn.alert_delete",
  input: alertIdInput,
  permission: "cdn.write",
  handler: async (i, ctx): Promise<{ id: string }> => {
    const domain = await ruleDomain(getDb(), i.id);
    if (domain === null) throw new ActionFailure("cdn.alert_unknown", "cdn.alerts.errors.unknown");
    await requireDomainData(getQiniu(), ctx.user, [domain]);
    await deleteRule(getDb(), i.id);
    return { id: i.id };
  },
});
