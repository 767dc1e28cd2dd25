// Types and limits of Qiniu's bucket-level settings (uc service) and Kodo statistics (api service), as the official
// SDKs send and read them. Pure: safe in the browser (the console's forms validate with the same limits).

/** New bucket names (mkbucketv3): 3–63 of a-z, 0-9 and '-', starting and ending with a letter or digit. */
export const NEW_BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

export function isValidNewBucketName(name: string): boolean {
  return NEW_BUCKET_NAME.test(name);
}

/** `/v2/bucketInfo` (go-sdk get_bucket_info.yml names; fields Qiniu leaves out are absent). */
export interface BucketInfo {
  private?: number;
  protected?: number;
  no_index_page?: number;
  max_age?: number;
  anti_leech_mode?: number;
  refer_wl?: string[] | null;
  refer_bl?: string[] | null;
  allow_empty_referer?: boolean;
  no_refer?: boolean;
  source_enabled?: boolean;
  source?: string;
  host?: string;
  region?: string;
  zone?: string;
  ctime?: string;
  domains?: string[];
}

/** 0 off, 1 whitelist, 2 blacklist. */
export type ReferMode = 0 | 1 | 2;

export interface ReferAntiLeech {
  mode: ReferMode;
  /** `host`, `*.domain` or `*`. */
  patterns: string[];
  /** Let requests without a Referer in. */
  allowEmptyReferer: boolean;
  /** Also apply at the origin, not only on the CDN. */
  sourceEnabled: boolean;
}

export const REFER_PATTERN = /^(\*|(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?)$/;

export const CORS_METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE"] as const;
export const MAX_CORS_RULES = 10;

export interface CorsRule {
  allowed_origin: string[];
  allowed_method: string[];
  allowed_header?: string[];
  exposed_header?: string[];
  max_age?: number;
}

/** Days fields of a lifecycle rule; 0 = not set. */
export const LIFECYCLE_DAY_FIELDS = [
  "to_line_after_days",
  "to_archive_ir_after_days",
  "to_archive_after_days",
  "to_deep_archive_after_days",
  "delete_after_days",
] as const;
export type LifecycleDayField = (typeof LIFECYCLE_DAY_FIELDS)[number];

export type LifecycleRule = { name: string; prefix: string; ctime?: string } & Record<LifecycleDayField, number> & {
    history_delete_after_days?: number;
    history_to_line_after_days?: number;
  };

/** Lifecycle and event rule names: shorter than 50, letters, digits and underscores. */
export const RULE_NAME = /^[A-Za-z0-9_]{1,49}$/;

export const BUCKET_EVENTS = [
  "put",
  "mkfile",
  "delete",
  "copy",
  "move",
  "append",
  "disable",
  "enable",
  "deleteMarkerCreate",
  "predelete",
  "restore:completed",
] as const;

export interface EventRule {
  name: string;
  prefix: string;
  suffix: string;
  event: string[];
  callbackURL: string[];
  accessKey?: string;
  host?: string;
}

/** -1 = no limit. */
export interface BucketQuota {
  size: number;
  count: number;
}

export interface BucketTag {
  Key: string;
  Value: string;
}

export const MAX_TAGS = 10;
export const TAG_TEXT = /^[A-Za-z0-9 +\-=._:/@]+$/;

/** Storage statistics of one class: unix seconds and values (bytes or object counts). */
export interface StatLine {
  times: number[];
  datas: number[];
}

export type StatGranularity = "5min" | "hour" | "day";

/** 0 standard (`/v6/space`), 1 IA (`_line`), 2 archive (`_archive`). */
export type StatClass = "standard" | "ia" | "archive";

export interface StatQuery {
  bucket?: string;
  region?: string;
  /** unix ms; sent as China-time `YYYYMMDDHHMMSS` as Qiniu expects */
  begin: number;
  end: number;
  g: StatGranularity;
}

export interface BlobIoPoint {
  time: string;
  values: { flow?: number; hits?: number };
}
