"use server";

import "server-only";
import { z } from "zod";
import { eventRule, existingBucket, lifecycleInput, quotaInput, ruleName, tagsInput, usageInput } from "@/lib/buckets/schemas";
import * as admin from "@/lib/qiniu/bucket-admin";
import type { BucketQuota, BucketTag, EventRule, LifecycleRule, StatClass } from "@/lib/qiniu/bucket-types";
import { blobIo, storageStat } from "@/lib/qiniu/stats";
import { qiniuCall } from "@/server/buckets/qiniu-call";
import { defineAction } from "./wrapper";
import { beijingDayStart } from "@/lib/qiniu/beijing-time";

// Bucket management for admins (issue 18), part two: lifecycle and event rules, quotas, tags, and usage statistics.
// Every export is made by defineAction.

const bucketOnly = z.object({ bucket: existingBucket });
const forBucket = (i: { bucket: string }) => ({ bucket: i.bucket });
const named = z.object({ bucket: existingBucket, name: ruleName });

export const getLifecycleRules = defineAction({
  name: "bucketAdmin.lifecycleGet",
  input: bucketOnly,
  permission: "buckets.manage",
  target: forBucket,
  audit: false,
  handler: (i): Promise<LifecycleRule[]> => qiniuCall((t) => admin.getLifecycleRules(t, i.bucket)),
});

export const saveLifecycleRule = defineAction({
  name: "bucketAdmin.lifecycleSave",
  input: lifecycleInput.extend({ mode: z.enum(["add", "update"]) }),
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => (i.mode === "add" ? admin.addLifecycleRule : admin.updateLifecycleRule)(t, i.bucket, i.rule));
    return i.rule;
  },
});

export const deleteLifecycleRule = defineAction({
  name: "bucketAdmin.lifecycleDelete",
  input: named,
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => admin.deleteLifecycleRule(t, i.bucket, i.name));
    return { name: i.name };
  },
});

export const getEventRules = defineAction({
  name: "bucketAdmin.eventsGet",
  input: bucketOnly,
  permission: "buckets.manage",
  target: forBucket,
  audit: false,
  handler: (i): Promise<EventRule[]> => qiniuCall((t) => admin.getEventRules(t, i.bucket)),
});

export const addEventRule = defineAction({
  name: "bucketAdmin.eventAdd",
  input: z.object({ bucket: existingBucket, rule: eventRule }),
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => admin.addEventRule(t, i.bucket, i.rule));
    return i.rule;
  },
});

export const deleteEventRule = defineAction({
  name: "bucketAdmin.eventDelete",
  input: named,
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => admin.deleteEventRule(t, i.bucket, i.name));
    return { name: i.name };
  },
});

export const getBucketQuota = defineAction({
  name: "bucketAdmin.quotaGet",
  input: bucketOnly,
  permission: "buckets.manage",
  target: forBucket,
  audit: false,
  handler: (i): Promise<BucketQuota> => qiniuCall((t) => admin.getQuota(t, i.bucket)),
});

/** -1 = no limit (the form sends -1 for an empty field; 0 would mean "leave as it is" to Qiniu). */
export const setBucketQuota = defineAction({
  name: "bucketAdmin.quota",
  input: quotaInput,
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => admin.setQuota(t, i.bucket, { size: i.size, count: i.count }));
    return qiniuCall((t) => admin.getQuota(t, i.bucket));
  },
});

export const getBucketTags = defineAction({
  name: "bucketAdmin.tagsGet",
  input: bucketOnly,
  permission: "buckets.manage",
  target: forBucket,
  audit: false,
  handler: (i): Promise<BucketTag[]> => qiniuCall((t) => admin.getTags(t, i.bucket)),
});

export const setBucketTags = defineAction({
  name: "bucketAdmin.tags",
  input: tagsInput,
  permission: "buckets.manage",
  target: forBucket,
  handler: async (i) => {
    await qiniuCall((t) => admin.setTags(t, i.bucket, i.tags));
    return i.tags;
  },
});

export interface BucketUsage {
  /** unix seconds, one per day */
  times: number[];
  space: Record<StatClass, number[]>;
  count: Record<StatClass, number[]>;
  /** bytes downloaded from the origin per day */
  flow: number[];
}

const CLASSES: StatClass[] = ["standard", "ia", "archive"];
const DAY_MS = 86_400_000;

export const getBucketUsage = defineAction({
  name: "bucketAdmin.usage",
  input: usageInput,
  permission: "buckets.manage",
  target: forBucket,
  audit: false,
  handler: async (i): Promise<BucketUsage> => {
    const now = Date.now();
    // Whole China-time days, today included (Qiniu's days start at 00:00 +08:00).
    const today = beijingDayStart(now);
    const q = { bucket: i.bucket, begin: today - (i.days - 1) * DAY_MS, end: today + DAY_MS, g: "day" as const };
    const lines = await qiniuCall((t) =>
      Promise.all([...CLASSES.map((c) => storageStat(t, "space", c, q)), ...CLASSES.map((c) => storageStat(t, "count", c, q)), blobIo(t, "flow", q)]),
    );
    const space = lines.slice(0, 3) as Awaited<ReturnType<typeof storageStat>>[];
    const count = lines.slice(3, 6) as Awaited<ReturnType<typeof storageStat>>[];
    const flow = lines[6] as Awaited<ReturnType<typeof blobIo>>;
    const times = space[0].times;
    const by = (ls: typeof space) => Object.fromEntries(CLASSES.map((c, k) => [c, times.map((_, j) => ls[k].datas[j] ?? 0)])) as Record<StatClass, number[]>;
    return { times, space: by(space), count: by(count), flow: times.map((_, j) => flow[j]?.values.flow ?? 0) };
  },
});
