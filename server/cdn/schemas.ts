import "server-only";
import { z } from "zod";
import { isDate } from "@/lib/cdn/stats";
import { CDN_REQUEST_LIMITS, withoutAntiLeech } from "@/lib/cdn/urls";
import { existingBucket, objectKey } from "@/lib/buckets/schemas";

// Input schemas of server/actions/cdn.ts.

export const day = z.string().refine(isDate, "a date is YYYY-MM-DD");
export const domain = z.string().trim().min(1).max(260);
export const domains = z.array(domain).min(1).max(500);
export const granularity = z.enum(["5min", "hour", "day"]);
export const rangeInput = z.object({ domains, startDate: day, endDate: day });
export const trafficInput = rangeInput.extend({ granularity });
export const logListInput = z.object({ domains, day });
const urlText = z.string().trim().min(1).max(4096);
/** A URL to refresh or prefetch: a pasted anti-leech link loses its sign and t (lib/cdn/urls.ts withoutAntiLeech). */
const resourceUrl = urlText.transform(withoutAntiLeech);
export const refreshInput = z
  .object({
    urls: z.array(resourceUrl).max(CDN_REQUEST_LIMITS.urls).default([]),
    dirs: z.array(urlText).max(CDN_REQUEST_LIMITS.dirs).default([]),
  })
  .refine((i) => i.urls.length + i.dirs.length > 0, { message: "give URLs or directories", path: ["urls"] });
export const prefetchInput = z.object({ urls: z.array(resourceUrl).min(1).max(CDN_REQUEST_LIMITS.prefetch) });
export const taskListInput = z.object({
  kind: z.enum(["refresh", "prefetch"]),
  // Coerced: read from a GET route's query string (server/cdn/reads.ts).
  pageNo: z.coerce.number().int().min(0).max(10_000).default(0),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const antiLeechInput = z.object({
  domain,
  scheme: z.enum(["http", "https"]).default("http"),
  path: z.string().min(1).max(1024),
  query: z.string().max(2048).default(""),
  expiresIn: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400),
  /** 0 = primary key, 1 = backup key (Qiniu's timeACLKeys), for checking a rotation */
  keyIndex: z.number().int().min(0).max(1).default(0),
});
export const objectsInput = z.object({
  bucket: existingBucket,
  keys: z.array(objectKey).min(1).max(1000),
});

/** A CDN alert rule (server/cdn/alerts/): bandwidth in bits per second, or the 5xx share in percent. */
export const alertRuleInput = z.object({
  domain,
  metric: z.enum(["bandwidth", "status5xx"]),
  threshold: z.coerce.number().min(0).max(1e15),
  webhookUrl: z
    .string()
    .trim()
    .max(2048)
    .refine((u) => /^https?:\/\/[^\s/]+/i.test(u) && URL.canParse(u), "an http(s) URL"),
});
export const alertIdInput = z.object({ id: z.uuid() });
