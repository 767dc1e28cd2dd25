// uc service, bucket settings, as npm `qiniu` BucketManager and go-sdk call them: referer anti-leech, CORS rules,
// access style (original protection), max-age, quota, tags. Lifecycle and event rules: uc-rules.ts.
// Stored in bucket_settings (bucket-settings.ts); enforced on downloads (download-policy.ts) and uploads (upload.ts).
import type { CorsRule, Tag } from "../bucket-settings";
import { DEFAULT_MAX_AGE } from "../bucket-settings";
import type { RequestCtx } from "../core";
import { badRequest, decodeSegment, QiniuHttpError, sendJson, sendOk } from "../http";
import { authedParams, authenticate, existingBucket } from "./common";

type Route = (rc: RequestCtx) => Promise<void>;

const flag = (p: URLSearchParams, name: string): boolean => {
  const v = p.get(name) ?? "0";
  if (v !== "0" && v !== "1") throw badRequest(`${name} must be 0 or 1`);
  return v === "1";
};

function integer(raw: string | null | undefined, name: string, min: number): number {
  if (raw === null || raw === undefined || !/^-?\d+$/.test(raw) || Number(raw) < min || !Number.isSafeInteger(Number(raw))) {
    throw badRequest(`${name} must be an integer of at least ${min}`);
  }
  return Number(raw);
}

const REFER_PATTERN = /^(\*|(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?)$/;

async function putRefer(rc: RequestCtx): Promise<void> {
  const p = await authedParams(rc);
  const row = existingBucket(rc, p.get("bucket"));
  const mode = p.get("mode") ?? "0";
  if (mode !== "0" && mode !== "1" && mode !== "2") throw badRequest("mode must be 0 (off), 1 (whitelist) or 2 (blacklist)");
  const patterns = (p.get("pattern") ?? "")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const pat of patterns) if (!REFER_PATTERN.test(pat)) throw badRequest(`invalid referer pattern: ${pat}`);
  if (mode !== "0" && patterns.length === 0) throw badRequest("pattern is required for a whitelist or blacklist");
  rc.core.buckets.settings.set(row.name, "refer", {
    mode: Number(mode) as 0 | 1 | 2,
    noRefer: flag(p, "norefer"),
    patterns: mode === "0" ? [] : patterns,
    sourceEnabled: flag(p, "source_enabled"),
  });
  sendOk(rc.res);
}

function jsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw badRequest("invalid JSON body");
  }
}

const CORS_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE"]);
const MAX_CORS_RULES = 10;

function stringList(v: unknown, name: string, required: boolean): string[] | undefined {
  if (v === undefined || v === null) {
    if (required) throw badRequest(`${name} is required`);
    return undefined;
  }
  if (!Array.isArray(v) || v.some((s) => typeof s !== "string" || s === "") || (required && v.length === 0)) {
    throw badRequest(`${name} must be a list of non-empty strings`);
  }
  return v as string[];
}

/** The body is the JSON array of rules (nodejs-sdk putCorsRules); `[]` clears them (every origin allowed again). */
function corsRules(body: Buffer): CorsRule[] {
  const value = jsonBody(body);
  if (!Array.isArray(value)) throw badRequest("the body must be a JSON array of CORS rules");
  if (value.length > MAX_CORS_RULES) throw badRequest(`at most ${MAX_CORS_RULES} CORS rules are allowed`);
  return value.map((r: unknown) => {
    if (!r || typeof r !== "object" || Array.isArray(r)) throw badRequest("each CORS rule must be an object");
    const o = r as Record<string, unknown>;
    const methods = stringList(o.allowed_method, "allowed_method", true)!.map((m) => m.toUpperCase());
    for (const m of methods) if (!CORS_METHODS.has(m)) throw badRequest(`unsupported allowed_method ${m}`);
    if (o.max_age !== undefined && (!Number.isInteger(o.max_age) || (o.max_age as number) < 0)) throw badRequest("max_age must be a non-negative integer");
    const rule: CorsRule = { allowed_origin: stringList(o.allowed_origin, "allowed_origin", true)!, allowed_method: methods };
    const headers = stringList(o.allowed_header, "allowed_header", false);
    const exposed = stringList(o.exposed_header, "exposed_header", false);
    if (headers) rule.allowed_header = headers;
    if (exposed) rule.exposed_header = exposed;
    if (o.max_age !== undefined) rule.max_age = o.max_age as number;
    return rule;
  });
}

// Tag rules from the go-sdk documentation of SetTagging: Key ≤ 64 bytes, Value ≤ 128, neither empty, Key not starting
// with "kodo", characters letters, digits, space and + - = . _ : / @; at most 10 tags.
const TAG_TEXT = /^[A-Za-z0-9 +\-=._:/@]+$/;
const MAX_TAGS = 10;

function tagsOf(body: Buffer): Tag[] {
  const tags = (jsonBody(body) as { Tags?: unknown } | null)?.Tags;
  if (!Array.isArray(tags)) throw badRequest('the body must be {"Tags":[{"Key":…,"Value":…}]}');
  if (tags.length > MAX_TAGS) throw badRequest(`at most ${MAX_TAGS} tags are allowed`);
  const seen = new Set<string>();
  return tags.map((t: unknown) => {
    const { Key, Value } = (t ?? {}) as Record<string, unknown>;
    if (typeof Key !== "string" || !TAG_TEXT.test(Key) || Buffer.byteLength(Key) > 64 || Key.startsWith("kodo"))
      throw badRequest(`invalid tag key: ${String(Key)}`);
    if (typeof Value !== "string" || !TAG_TEXT.test(Value) || Buffer.byteLength(Value) > 128) throw badRequest(`invalid tag value for ${Key}`);
    if (seen.has(Key)) throw badRequest(`duplicate tag key: ${Key}`);
    seen.add(Key);
    return { Key, Value };
  });
}

async function tagging(rc: RequestCtx): Promise<void> {
  const { body } = await authenticate(rc);
  const row = existingBucket(rc, rc.query.get("bucket"));
  const { settings } = rc.core.buckets;
  if (rc.method === "PUT") {
    settings.set(row.name, "tags", tagsOf(body));
    sendOk(rc.res);
  } else if (rc.method === "GET") {
    sendJson(rc.res, 200, { Tags: settings.get(row.name, "tags") });
  } else if (rc.method === "DELETE") {
    settings.set(row.name, "tags", []);
    sendOk(rc.res);
  } else throw new QiniuHttpError(405, "method not allowed");
}

const EXACT: Record<string, Route> = {
  "/referAntiLeech": putRefer,
  "/maxAge": async (rc) => {
    const p = await authedParams(rc);
    const row = existingBucket(rc, p.get("bucket"));
    const n = integer(p.get("maxAge"), "maxAge", Number.MIN_SAFE_INTEGER);
    rc.core.buckets.settings.set(row.name, "maxAge", n <= 0 ? DEFAULT_MAX_AGE : n);
    sendOk(rc.res);
  },
  "/bucketTagging": tagging,
  // The default index page (go-sdk TurnOnIndexPage/TurnOffIndexPage, Java setIndexPage): POST with the query only.
  "/noIndexPage": async (rc) => {
    const p = await authedParams(rc);
    const row = existingBucket(rc, p.get("bucket"));
    const v = p.get("noIndexPage");
    if (v !== "0" && v !== "1") throw badRequest("noIndexPage must be 0 or 1");
    rc.core.buckets.settings.set(row.name, "noIndexPage", v === "1" ? 1 : 0);
    sendOk(rc.res);
  },
};

/** `/<op>/…` routes; `rest` are the decoded segments after the op. */
const PREFIXED: Record<string, (rc: RequestCtx, rest: string[]) => Promise<void>> = {
  // `/corsRules/set/<bucket>` (JSON body) and `/corsRules/get/<bucket>`.
  corsRules: async (rc, [action, bucket]) => {
    if (action !== "set" && action !== "get") throw badRequest("expected /corsRules/set/<bucket> or /corsRules/get/<bucket>");
    const { body } = await authenticate(rc);
    const row = existingBucket(rc, bucket);
    if (action === "set") {
      rc.core.buckets.settings.set(row.name, "cors", corsRules(body));
      sendOk(rc.res);
    } else sendJson(rc.res, 200, rc.core.buckets.settings.get(row.name, "cors"));
  },
  accessMode: async (rc, [bucket, ...args]) => {
    await authenticate(rc);
    const row = existingBucket(rc, bucket);
    if (args[0] !== "mode" || (args[1] !== "0" && args[1] !== "1")) throw badRequest("mode must be 0 or 1");
    rc.core.buckets.settings.set(row.name, "protected", args[1] === "1" ? 1 : 0);
    sendOk(rc.res);
  },
  setbucketquota: async (rc, [bucket, ...args]) => {
    await authenticate(rc);
    const row = existingBucket(rc, bucket);
    if (args[0] !== "size" || args[2] !== "count" || args.length !== 4) throw badRequest("expected /setbucketquota/<bucket>/size/<n>/count/<n>");
    const size = integer(args[1], "size", -1);
    const count = integer(args[3], "count", -1);
    // 0 leaves a limit as it is, -1 removes it (go-sdk BucketQuota).
    rc.core.buckets.settings.update(row.name, "quota", (q) => ({ size: size === 0 ? q.size : size, count: count === 0 ? q.count : count }));
    sendOk(rc.res);
  },
  getbucketquota: async (rc, [bucket]) => {
    await authenticate(rc);
    const row = existingBucket(rc, bucket);
    sendJson(rc.res, 200, rc.core.buckets.settings.get(row.name, "quota"));
  },
};

/** Handles the settings routes; false for other paths. */
export async function handleBucketSettings(rc: RequestCtx): Promise<boolean> {
  const own = <T>(table: Record<string, T>, name: string): T | undefined => (Object.hasOwn(table, name) ? table[name] : undefined);
  const exact = own(EXACT, rc.rawPath);
  const prefixed = exact ? undefined : own(PREFIXED, rc.segs[0] ?? "");
  if (!exact && !prefixed) return false;
  if (rc.method !== "POST" && rc.method !== "GET" && !(exact === tagging && (rc.method === "PUT" || rc.method === "DELETE"))) {
    throw new QiniuHttpError(405, "method not allowed");
  }
  if (exact) await exact(rc);
  else await prefixed!(rc, rc.segs.slice(1).map(decodeSegment));
  return true;
}
