"use server";

import "server-only";
import { z } from "zod";
import { corsInput, existingBucket, newBucketName, referInput, regionId } from "@/lib/buckets/schemas";
import * as admin from "@/lib/qiniu/bucket-admin";
import type { CorsRule, ReferAntiLeech, ReferMode } from "@/lib/qiniu/bucket-types";
import { forgetBucketFacts } from "@/server/buckets/bucket-facts";
import { getBucketSettings } from "@/server/buckets/bucket-settings";
import { downloadOrigin } from "@/server/buckets/object-links";
import { qiniuCall } from "@/server/buckets/qiniu-call";
import { getQiniu } from "@/server/qiniu";
import { ActionFailure, defineAction } from "./wrapper";

// Bucket management for admins (issue 18): create, drop and the bucket-level settings Qiniu keeps on the uc service.
// Lifecycle and event rules, quotas, tags and usage: bucket-rules.ts. Every export is made by defineAction.

export interface BucketSettingsView {
  name: string;
  region: string | null;
  private: boolean;
  /** original protection (access style mode 1) */
  protected: boolean;
  noIndexPage: boolean;
  maxAge: number;
  refer: ReferAntiLeech;
  /** host[:port] bound to the bucket; Qiniu's test domains are listed like the others */
  domains: string[];
  /** the origin the console's links use */
  downloadOrigin: string | null;
  ctime: string | null;
}

const bucketOnly = z.object({ bucket: existingBucket });
const forBucket = (i: { bucket: string }) => ({ bucket: i.bucket });

export const getBucketSettingsView = defineAction({
  name: "bucketAdmin.settings",
  input: bucketOnly,
  permission: "buckets.manage",
  target: forBucket,
  audit: false,
  handler: async (i): Promise<BucketSettingsView> => {
    const [info, domains, kept] = await Promise.all([
      qiniuCall((t) => admin.getBucketInfo(t, i.bucket)),
      qiniuCall(() => getQiniu().bucketDomains(i.bucket)),
      getBucketSettings(i.bucket),
    ]);
    const mode = info.anti_leech_mode ?? 0;
    return {
      name: i.bucket,
      region: info.region ?? info.zone ?? null,
      private: info.private === 1,
      protected: info.protected === 1,
      noIndexPage: info.no_index_page === 1,
      maxAge: info.max_age ?? 0,
      refer: {
        mode: (mode === 1 || mode === 2 ? mode : 0) as ReferMode,
        patterns: (mode === 1 ? info.refer_wl : mode === 2 ? info.refer_bl : null) ?? [],
        allowEmptyReferer: Boolean(info.allow_empty_referer ?? info.no_refer),
        sourceEnabled: Boolean(info.source_enabled),
      },
      domains,
      downloadOrigin: downloadOrigin({ domains }, kept),
      ctime: info.ctime ?? null,
    };
  },
});

export const createBucket = defineAction({
  name: "bucketAdmin.create",
  input: z.object({ name: newBucketName, region: regionId }),
  permission: "buckets.manage",
  target: (i) => ({ bucket: i.name }),
  handler: async (i) => {
    await qiniuCall((t) => admin.createBucket(t, i.name, i.region));
    return { name: i.name };
  },
});

/** Only an empty bucket, and only when the admin typed its name. */
export const dropBucket = defineAction({
  name: "bucketAdmin.drop",
  input: z.object({ bucket: existingBucket, confirm: z.string().max(64) }),
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    if (i.confirm !== i.bucket)
      throw new ActionFailure("confirm_mismatch", "buckets.errors.confirmMismatch", undefined, { confirm: "buckets.errors.confirmMismatch" });
    const first = await qiniuCall(() => getQiniu().list({ bucket: i.bucket, limit: 1 }));
    if (first.items.length > 0 || first.marker) throw new ActionFailure("bucket_not_empty", "buckets.errors.notEmpty", { bucket: i.bucket });
    await qiniuCall((t) => admin.dropBucket(t, i.bucket));
    forgetBucketFacts(i.bucket);
    return { dropped: i.bucket };
  },
});

export const setBucketPrivate = defineAction({
  name: "bucketAdmin.private",
  input: z.object({ bucket: existingBucket, private: z.boolean() }),
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => admin.setBucketPrivate(t, i.bucket, i.private));
    // Links are signed by the visibility the browser keeps for a few seconds: make it read the new one.
    forgetBucketFacts(i.bucket);
    return { private: i.private };
  },
});

export const setReferAntiLeech = defineAction({
  name: "bucketAdmin.referer",
  input: referInput,
  permission: "buckets.manage",
  target: forBucket,
  handler: async ({ bucket, ...r }) => {
    await qiniuCall((t) => admin.setReferAntiLeech(t, bucket, r));
    return r;
  },
});

export const getCorsRules = defineAction({
  name: "bucketAdmin.corsGet",
  input: bucketOnly,
  permission: "buckets.manage",
  target: forBucket,
  audit: false,
  handler: (i): Promise<CorsRule[]> => qiniuCall((t) => admin.getCorsRules(t, i.bucket)),
});

export const setCorsRules = defineAction({
  name: "bucketAdmin.cors",
  input: corsInput,
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    // Empty optional lists are left out, as Qiniu lists them.
    const rules: CorsRule[] = i.rules.map((r) => ({
      allowed_origin: r.allowed_origin,
      allowed_method: r.allowed_method,
      ...(r.allowed_header?.length ? { allowed_header: r.allowed_header } : {}),
      ...(r.exposed_header?.length ? { exposed_header: r.exposed_header } : {}),
      ...(r.max_age !== undefined ? { max_age: r.max_age } : {}),
    }));
    await qiniuCall((t) => admin.setCorsRules(t, i.bucket, rules));
    return rules;
  },
});

export const setBucketMaxAge = defineAction({
  name: "bucketAdmin.maxAge",
  input: z.object({ bucket: existingBucket, maxAge: z.number().int().min(0).max(315_360_000) }),
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => admin.setMaxAge(t, i.bucket, i.maxAge));
    return { maxAge: i.maxAge <= 0 ? 31536000 : i.maxAge };
  },
});

/** The default index page (static sites): `dir/` and the root serve `index.html` under them when it exists. */
export const setBucketIndexPage = defineAction({
  name: "bucketAdmin.indexPage",
  input: z.object({ bucket: existingBucket, indexPage: z.boolean() }),
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => admin.setNoIndexPage(t, i.bucket, !i.indexPage));
    return { indexPage: i.indexPage };
  },
});

export const setBucketAccessStyle = defineAction({
  name: "bucketAdmin.accessStyle",
  input: z.object({ bucket: existingBucket, protected: z.boolean() }),
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => admin.setAccessStyle(t, i.bucket, i.protected ? 1 : 0));
    return { protected: i.protected };
  },
});
