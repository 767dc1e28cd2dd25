// Input schemas of the bucket-management actions (server/actions/bucket-admin.ts, bucket-rules.ts), with Qiniu's own
// limits (lib/qiniu/bucket-types.ts). Pure: the console's forms check the same rules before sending.
import { z } from "zod";
import { isValidKey, isValidPrefix } from "@/lib/buckets/keys";
import { REGION_IDS } from "@/lib/qiniu/regions";
import {
  BUCKET_EVENTS,
  CORS_METHODS,
  LIFECYCLE_DAY_FIELDS,
  MAX_CORS_RULES,
  MAX_TAGS,
  NEW_BUCKET_NAME,
  REFER_PATTERN,
  RULE_NAME,
  TAG_TEXT,
  type LifecycleRule,
} from "@/lib/qiniu/bucket-types";

/**
 * An existing bucket, wherever the console names one (browse, batch, upload, CDN, processing, settings): the one rule.
 * Qiniu's API allows letters of both cases, digits, '-' and '_' (older buckets such as `My_Bucket` exist), so only
 * the characters are checked; the stricter rule applies only to creating a bucket (docs/qiniu-protocol.md §8 "Bucket names").
 */
export const existingBucket = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "invalid bucket name");
/** An object key as Qiniu stores it: 1–750 bytes of UTF-8 (docs/qiniu-protocol.md §1). The one key rule. */
export const objectKey = z.string().refine(isValidKey, "a key is 1–750 bytes of UTF-8");
/** A key prefix: a key's rule, or empty (the whole bucket). */
export const keyPrefix = z.string().refine(isValidPrefix, "a prefix is at most 750 bytes of UTF-8");
export const newBucketName = z.string().regex(NEW_BUCKET_NAME, "3–63 of a-z, 0-9 and '-', starting and ending with a letter or digit");
export const regionId = z.enum(REGION_IDS);

export const referInput = z
  .object({
    bucket: existingBucket,
    mode: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    patterns: z.array(z.string().trim().regex(REFER_PATTERN, "host, *.domain or *")).max(100),
    allowEmptyReferer: z.boolean(),
    sourceEnabled: z.boolean(),
  })
  .refine((r) => r.mode === 0 || r.patterns.length > 0, { path: ["patterns"], message: "a whitelist or blacklist needs a pattern" });

const headerList = z.array(z.string().trim().min(1).max(256)).max(50);

export const corsRule = z.object({
  allowed_origin: z.array(z.string().trim().min(1).max(512)).min(1).max(50),
  allowed_method: z.array(z.enum(CORS_METHODS)).min(1),
  allowed_header: headerList.optional(),
  exposed_header: headerList.optional(),
  max_age: z.number().int().min(0).max(31_536_000).optional(),
});

export const corsInput = z.object({ bucket: existingBucket, rules: z.array(corsRule).max(MAX_CORS_RULES) });

const days = z.number().int().min(0).max(36_500);

/** Qiniu's order: each transition set must come after the one before it, deletion last. */
export function lifecycleOrderProblem(rule: Pick<LifecycleRule, (typeof LIFECYCLE_DAY_FIELDS)[number]>): string | undefined {
  let last = 0;
  for (const f of LIFECYCLE_DAY_FIELDS) {
    const n = rule[f];
    if (!n) continue;
    if (n <= last) return f;
    last = n;
  }
  if (last === 0) return "delete_after_days";
  return undefined;
}

export const lifecycleRule = z
  .object({
    name: z.string().regex(RULE_NAME, "1–49 letters, digits or '_'"),
    prefix: keyPrefix,
    to_line_after_days: days,
    to_archive_ir_after_days: days,
    to_archive_after_days: days,
    to_deep_archive_after_days: days,
    delete_after_days: days,
  })
  .superRefine((r, ctx) => {
    const f = lifecycleOrderProblem(r);
    if (f) ctx.addIssue({ code: "custom", path: [f], message: "days must grow from transition to deletion, and the rule must do something" });
  });

export const lifecycleInput = z.object({ bucket: existingBucket, rule: lifecycleRule });

export const eventRule = z.object({
  name: z.string().regex(RULE_NAME, "1–49 letters, digits or '_'"),
  prefix: keyPrefix.default(""),
  suffix: z.string().max(750).default(""),
  event: z.array(z.enum(BUCKET_EVENTS)).min(1),
  callbackURL: z
    .array(
      z
        .string()
        .trim()
        .regex(/^https?:\/\/[^\s/]+\S*$/, "an http:// or https:// URL")
        .max(1024),
    )
    .min(1)
    .max(10),
});

export const ruleName = z.string().regex(RULE_NAME);

const limit = z.number().int().min(-1).max(Number.MAX_SAFE_INTEGER);
export const quotaInput = z.object({ bucket: existingBucket, size: limit, count: limit });

export const bucketTag = z.object({
  Key: z
    .string()
    .regex(TAG_TEXT)
    .max(64)
    .refine((k) => !k.startsWith("kodo"), "keys may not start with kodo"),
  Value: z.string().regex(TAG_TEXT).max(128),
});

export const tagsInput = z.object({
  bucket: existingBucket,
  tags: z
    .array(bucketTag)
    .max(MAX_TAGS)
    .refine((tags) => new Set(tags.map((t) => t.Key)).size === tags.length, "each key once"),
});

/** Usage chart ranges, in days ending now. */
export const USAGE_RANGES = [7, 30, 90] as const;
export const usageInput = z.object({ bucket: existingBucket, days: z.union([z.literal(7), z.literal(30), z.literal(90)]) });
