"use server";

import "server-only";
import { z } from "zod";
import { roleHas, scopePrefixes, visibleBuckets } from "@/lib/permissions";
import { getQiniu } from "@/server/qiniu";
import { bucketFacts, manyBucketFacts } from "@/server/buckets/bucket-facts";
import { defaultSettings, getAllBucketSettings, getBucketSettings, saveBucketSettings } from "@/server/buckets/bucket-settings";
import { downloadOrigin, originChoices } from "@/server/buckets/object-links";
import { signingKey } from "@/server/cdn/antileech";
import { getPrefixStatsRunner } from "@/server/buckets/prefix-stats-runner";
import { bucketName } from "@/server/buckets/schemas";
import type { PrefixStats } from "@/server/batch/prefix-stats";
import { ActionFailure, defineAction } from "./wrapper";

// Buckets as the browser shows them (issue 6). Every export is made by defineAction.

export interface BucketOverview {
  name: string;
  region: string | null;
  private: boolean;
  domains: string[];
  /** the origin links use (the admin's choice, else the first domain); null without domains */
  downloadOrigin: string | null;
  /** what an admin may choose from */
  originChoices: string[];
  /** the admin's choice, null = first domain */
  chosenOrigin: string | null;
  thumbnails: boolean;
  /** the latest kept "compute size and count" of the whole bucket */
  stats: PrefixStats | null;
  /** facts could not be read (shown on the row) */
  error: string | null;
}

export interface BucketContext extends Omit<BucketOverview, "stats" | "error"> {
  mirror: boolean;
  /** the download domain enforces timestamp anti-leech: every link is signed by the server and expires */
  antiLeech: boolean;
  /** other buckets this user sees: targets for move and copy */
  buckets: string[];
  /** where a scoped user may look; null = the whole bucket */
  scopePrefixes: string[] | null;
  can: { write: boolean; delete: boolean; upload: boolean; batch: boolean; process: boolean; settings: boolean; refreshCdn: boolean };
}

export const listBucketOverview = defineAction({
  name: "buckets.list",
  input: z.object({}).default({}),
  permission: "buckets.read",
  audit: false,
  handler: async (_i, ctx): Promise<BucketOverview[]> => {
    const client = getQiniu();
    const names = visibleBuckets(ctx.user, await client.listBuckets());
    const [facts, settings, stats] = await Promise.all([
      manyBucketFacts(client, names),
      getAllBucketSettings(),
      getPrefixStatsRunner().latestForBuckets(names),
    ]);
    return names.map((name, i) => {
      const f = facts[i];
      const s = settings.get(name) ?? defaultSettings(name);
      const ok = !(f instanceof Error);
      const domains = ok ? f.domains : [];
      return {
        name,
        region: ok ? f.region : null,
        private: ok ? f.private : false,
        domains,
        downloadOrigin: downloadOrigin({ domains }, s),
        originChoices: originChoices(domains),
        chosenOrigin: s.downloadDomain,
        thumbnails: s.thumbnails,
        stats: stats.get(name) ?? null,
        error: ok ? null : f.message,
      };
    });
  },
});

export const getBucketContext = defineAction({
  name: "buckets.context",
  input: z.object({ bucket: bucketName }),
  permission: "buckets.read",
  target: (i) => ({ bucket: i.bucket }),
  audit: false,
  handler: async (i, ctx): Promise<BucketContext> => {
    const client = getQiniu();
    const [facts, settings, all] = await Promise.all([bucketFacts(client, i.bucket), getBucketSettings(i.bucket), client.listBuckets()]);
    const origin = downloadOrigin(facts, settings);
    return {
      name: i.bucket,
      region: facts.region,
      private: facts.private,
      domains: facts.domains,
      downloadOrigin: downloadOrigin(facts, settings),
      originChoices: originChoices(facts.domains),
      chosenOrigin: settings.downloadDomain,
      thumbnails: settings.thumbnails,
      mirror: facts.mirror,
      antiLeech: origin !== null && (await signingKey(client, origin)) !== undefined,
      buckets: visibleBuckets(ctx.user, all),
      scopePrefixes: scopePrefixes(ctx.user, i.bucket),
      // What the role allows; the key or prefix scope is checked by each action on the server.
      can: {
        write: roleHas(ctx.user.role, "objects.write"),
        delete: roleHas(ctx.user.role, "objects.delete"),
        upload: roleHas(ctx.user.role, "upload.write"),
        batch: roleHas(ctx.user.role, "batch.run"),
        process: roleHas(ctx.user.role, "pfop.submit"),
        settings: roleHas(ctx.user.role, "settings.manage"),
        // "Refresh CDN after overwrite" (components/cdn/refresh-after-overwrite.tsx)
        refreshCdn: roleHas(ctx.user.role, "cdn.write"),
      },
    };
  },
});

/** The admin's choice of download domain for links (`null` = the first domain). */
export const setBucketDownloadDomain = defineAction({
  name: "buckets.downloadDomain",
  input: z.object({ bucket: bucketName, origin: z.string().max(300).nullable() }),
  permission: "settings.manage",
  target: (i) => ({ bucket: i.bucket }),
  handler: async (i, ctx) => {
    const facts = await bucketFacts(getQiniu(), i.bucket);
    if (i.origin !== null && !originChoices(facts.domains).includes(i.origin)) {
      throw new ActionFailure("invalid_domain", "browser.errors.noDomain");
    }
    const saved = await saveBucketSettings(i.bucket, { downloadDomain: i.origin }, ctx.user.email);
    return { downloadOrigin: downloadOrigin(facts, saved), chosenOrigin: saved.downloadDomain };
  },
});

/** The bucket's default for grid thumbnails (each costs traffic); every user may still switch them for themselves. */
export const setBucketThumbnails = defineAction({
  name: "buckets.thumbnails",
  input: z.object({ bucket: bucketName, enabled: z.boolean() }),
  permission: "settings.manage",
  target: (i) => ({ bucket: i.bucket }),
  handler: async (i, ctx) => {
    const saved = await saveBucketSettings(i.bucket, { thumbnails: i.enabled }, ctx.user.email);
    return { thumbnails: saved.thumbnails };
  },
});
