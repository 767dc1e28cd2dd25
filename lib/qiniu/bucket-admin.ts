import "server-only";
// Bucket-level management on the uc service, request for request as npm `qiniu` 7.15 BucketManager sends it (paths,
// query and form bodies in the SDK's order; test/unit/lib/qiniu/bucket-admin.test.ts compares them), signed Qiniu v2 like
// every management call of this client. Tagging is go-sdk's (`/bucketTagging`), absent from the Node SDK.
import type { BucketInfo, BucketQuota, BucketTag, CorsRule, EventRule, LifecycleRule, ReferAntiLeech } from "./bucket-types";
import { LIFECYCLE_DAY_FIELDS, REFER_PATTERN, RULE_NAME, isValidNewBucketName } from "./bucket-types";
import { QiniuInputError } from "./errors";
import type { QiniuTransport } from "./http";
import { JSON_CONTENT_TYPE } from "./signing-strings";

type Pairs = [string, string | number][];

/** querystring.stringify's encoding (the SDK's): RFC 3986 except that `*`, `'`, `(`, `)`, `!` stay. */
export function formOf(pairs: Pairs): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join("&");
}

interface Uc {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: string;
  contentType?: string;
  idempotent: boolean;
  signal?: AbortSignal;
}

async function uc<T>(t: QiniuTransport, r: Uc): Promise<T> {
  const res = await t.request({ service: "uc", method: r.method ?? "POST", auth: "qiniu", ...r });
  return res.body as T;
}

const seg = encodeURIComponent;

function ruleName(name: string): string {
  if (!RULE_NAME.test(name)) throw new QiniuInputError("A rule name is 1–49 letters, digits or underscores", "name");
  return name;
}

export async function createBucket(t: QiniuTransport, name: string, region: string, signal?: AbortSignal): Promise<void> {
  if (!isValidNewBucketName(name)) throw new QiniuInputError("A bucket name is 3–63 of a-z, 0-9 and '-', starting and ending with a letter or digit", "name");
  await uc(t, { path: `/mkbucketv3/${seg(name)}/region/${seg(region)}`, idempotent: false, signal });
}

/** Qiniu drops only empty buckets. */
export async function dropBucket(t: QiniuTransport, bucket: string, signal?: AbortSignal): Promise<void> {
  await uc(t, { path: `/drop/${seg(bucket)}`, idempotent: false, signal });
}

export async function getBucketInfo(t: QiniuTransport, bucket: string, signal?: AbortSignal): Promise<BucketInfo> {
  return (await uc<BucketInfo | null>(t, { path: "/v2/bucketInfo", query: { bucket }, idempotent: true, signal })) ?? {};
}

export async function setBucketPrivate(t: QiniuTransport, bucket: string, isPrivate: boolean, signal?: AbortSignal): Promise<void> {
  await uc(t, { path: "/private", query: { bucket, private: isPrivate ? 1 : 0 }, idempotent: true, signal });
}

export async function setReferAntiLeech(t: QiniuTransport, bucket: string, r: ReferAntiLeech, signal?: AbortSignal): Promise<void> {
  for (const p of r.patterns) if (!REFER_PATTERN.test(p)) throw new QiniuInputError(`Not a referer pattern: ${p}`, "patterns");
  if (r.mode !== 0 && r.patterns.length === 0) throw new QiniuInputError("A whitelist or blacklist needs at least one pattern", "patterns");
  const query = {
    bucket,
    mode: r.mode,
    norefer: r.allowEmptyReferer ? 1 : 0,
    pattern: r.mode === 0 ? "*" : r.patterns.join(";"),
    source_enabled: r.sourceEnabled ? 1 : 0,
  };
  await uc(t, { path: "/referAntiLeech", query, idempotent: true, signal });
}

export async function getCorsRules(t: QiniuTransport, bucket: string, signal?: AbortSignal): Promise<CorsRule[]> {
  return (await uc<CorsRule[] | null>(t, { path: `/corsRules/get/${seg(bucket)}`, idempotent: true, signal })) ?? [];
}

/** Replaces every rule; `[]` removes them. */
export async function setCorsRules(t: QiniuTransport, bucket: string, rules: CorsRule[], signal?: AbortSignal): Promise<void> {
  await uc(t, { path: `/corsRules/set/${seg(bucket)}`, body: JSON.stringify(rules), contentType: JSON_CONTENT_TYPE, idempotent: true, signal });
}

/** `Cache-Control: max-age` of downloads; 0 or less = Qiniu's default (31536000), as the SDK sends it. */
export async function setMaxAge(t: QiniuTransport, bucket: string, maxAge: number, signal?: AbortSignal): Promise<void> {
  if (!Number.isSafeInteger(maxAge)) throw new QiniuInputError("max-age must be a whole number of seconds", "maxAge");
  await uc(t, { path: "/maxAge", query: { bucket, maxAge: maxAge <= 0 ? 31536000 : maxAge }, idempotent: true, signal });
}

/** Original protection: 1 = a public bucket serves originals only with a processing style or token. */
export async function setAccessStyle(t: QiniuTransport, bucket: string, mode: 0 | 1, signal?: AbortSignal): Promise<void> {
  await uc(t, { path: `/accessMode/${seg(bucket)}/mode/${mode}`, idempotent: true, signal });
}

/** The default index page: off (noIndexPage 1) or on (0; Qiniu's default), as go-sdk TurnOff/TurnOnIndexPage send it. */
export async function setNoIndexPage(t: QiniuTransport, bucket: string, noIndexPage: boolean, signal?: AbortSignal): Promise<void> {
  await uc(t, { path: "/noIndexPage", query: { bucket, noIndexPage: noIndexPage ? 1 : 0 }, idempotent: true, signal });
}

export async function getQuota(t: QiniuTransport, bucket: string, signal?: AbortSignal): Promise<BucketQuota> {
  const q = await uc<Partial<BucketQuota> | null>(t, { path: `/getbucketquota/${seg(bucket)}`, idempotent: true, signal });
  return { size: q?.size ?? -1, count: q?.count ?? -1 };
}

/** -1 removes a limit, 0 leaves it as it is. */
export async function setQuota(t: QiniuTransport, bucket: string, q: BucketQuota, signal?: AbortSignal): Promise<void> {
  for (const [k, v] of Object.entries(q)) if (!Number.isSafeInteger(v) || v < -1) throw new QiniuInputError(`${k} must be -1, 0 or a positive whole number`, k);
  await uc(t, { path: `/setbucketquota/${seg(bucket)}/size/${q.size}/count/${q.count}`, idempotent: true, signal });
}

// ---- lifecycle rules ----

function lifecyclePairs(bucket: string, rule: LifecycleRule): Pairs {
  ruleName(rule.name);
  const days = LIFECYCLE_DAY_FIELDS.map((f): [string, number] => [f, rule[f] ?? 0]);
  for (const [f, v] of days) if (!Number.isInteger(v) || v < 0) throw new QiniuInputError(`${f} must be a whole number of days, 0 = off`, f);
  // putBucketLifecycleRule's order (LIFECYCLE_DAY_FIELDS keeps it): bucket, prefix, the days, history days, the name.
  return [
    ["bucket", bucket],
    ["prefix", rule.prefix ?? ""],
    ...days,
    ["history_delete_after_days", rule.history_delete_after_days ?? 0],
    ["history_to_line_after_days", rule.history_to_line_after_days ?? 0],
    ["name", rule.name],
  ];
}

export async function getLifecycleRules(t: QiniuTransport, bucket: string, signal?: AbortSignal): Promise<LifecycleRule[]> {
  return (await uc<LifecycleRule[] | null>(t, { method: "GET", path: "/rules/get", query: { bucket }, idempotent: true, signal })) ?? [];
}

export async function addLifecycleRule(t: QiniuTransport, bucket: string, rule: LifecycleRule, signal?: AbortSignal): Promise<void> {
  await uc(t, { path: "/rules/add", body: formOf(lifecyclePairs(bucket, rule)), idempotent: false, signal });
}

export async function updateLifecycleRule(t: QiniuTransport, bucket: string, rule: LifecycleRule, signal?: AbortSignal): Promise<void> {
  await uc(t, { path: "/rules/update", body: formOf(lifecyclePairs(bucket, rule)), idempotent: true, signal });
}

export async function deleteLifecycleRule(t: QiniuTransport, bucket: string, name: string, signal?: AbortSignal): Promise<void> {
  await uc(t, {
    path: "/rules/delete",
    body: formOf([
      ["bucket", bucket],
      ["name", ruleName(name)],
    ]),
    idempotent: false,
    signal,
  });
}

// ---- event notification rules ----

function eventPairs(bucket: string, rule: EventRule): Pairs {
  ruleName(rule.name);
  if (rule.event.length === 0) throw new QiniuInputError("Choose at least one event", "event");
  if (rule.callbackURL.length === 0) throw new QiniuInputError("Give at least one callback URL", "callbackURL");
  // putBucketEvent's order: bucket, prefix, suffix, access_key, host, then the caller's name, event, callbackURL.
  return [
    ["bucket", bucket],
    ["prefix", rule.prefix ?? ""],
    ["suffix", rule.suffix ?? ""],
    ["access_key", rule.accessKey ?? ""],
    ["host", rule.host ?? ""],
    ["name", rule.name],
    ...rule.event.map((e): [string, string] => ["event", e]),
    ...rule.callbackURL.map((u): [string, string] => ["callbackURL", u]),
  ];
}

export async function getEventRules(t: QiniuTransport, bucket: string, signal?: AbortSignal): Promise<EventRule[]> {
  return (await uc<EventRule[] | null>(t, { method: "GET", path: "/events/get", query: { bucket }, idempotent: true, signal })) ?? [];
}

export async function addEventRule(t: QiniuTransport, bucket: string, rule: EventRule, signal?: AbortSignal): Promise<void> {
  await uc(t, { path: "/events/add", body: formOf(eventPairs(bucket, rule)), idempotent: false, signal });
}

export async function deleteEventRule(t: QiniuTransport, bucket: string, name: string, signal?: AbortSignal): Promise<void> {
  await uc(t, {
    path: "/events/delete",
    body: formOf([
      ["bucket", bucket],
      ["name", ruleName(name)],
    ]),
    idempotent: false,
    signal,
  });
}

// ---- tags (go-sdk) ----

export async function getTags(t: QiniuTransport, bucket: string, signal?: AbortSignal): Promise<BucketTag[]> {
  const body = await uc<{ Tags?: BucketTag[] } | null>(t, { method: "GET", path: "/bucketTagging", query: { bucket }, idempotent: true, signal });
  return body?.Tags ?? [];
}

/** Replaces every tag; an empty list clears them (DELETE, as go-sdk ClearTagging). */
export async function setTags(t: QiniuTransport, bucket: string, tags: BucketTag[], signal?: AbortSignal): Promise<void> {
  if (tags.length === 0) {
    await uc(t, { method: "DELETE", path: "/bucketTagging", query: { bucket }, idempotent: true, signal });
    return;
  }
  await uc(t, {
    method: "PUT",
    path: "/bucketTagging",
    query: { bucket },
    body: JSON.stringify({ Tags: tags }),
    contentType: JSON_CONTENT_TYPE,
    idempotent: true,
    signal,
  });
}
