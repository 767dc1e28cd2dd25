// Per-bucket settings set through the uc API (routes/uc-settings.ts): referer anti-leech, CORS rules, max-age,
// original protection (access style), quota, lifecycle rules, event rules and tags. One JSON value per
// (bucket, setting) row in `bucket_settings`; dropping the bucket removes its rows (buckets.ts).
import type { Db } from "./db";

export interface ReferSetting {
  /** 0 off, 1 whitelist, 2 blacklist */
  mode: 0 | 1 | 2;
  /** Requests without a Referer header are allowed. */
  noRefer: boolean;
  /** `foo.com`, `*.bar.com` or `*` (the `pattern` parameter split at `;`). */
  patterns: string[];
  sourceEnabled: boolean;
}

/** As the SDKs send and read it (nodejs-sdk putCorsRules, go-sdk CorsRule). */
export interface CorsRule {
  allowed_origin: string[];
  allowed_method: string[];
  allowed_header?: string[];
  exposed_header?: string[];
  max_age?: number;
}

/** Field names as `/rules/get` answers them (nodejs-sdk test/rs.test.js lifeRule). */
export interface LifecycleRule {
  name: string;
  prefix: string;
  delete_after_days: number;
  to_line_after_days: number;
  to_archive_ir_after_days: number;
  to_archive_after_days: number;
  to_deep_archive_after_days: number;
  history_delete_after_days: number;
  history_to_line_after_days: number;
  ctime: string;
}

/** Keys as `/events/get` answers them (go-sdk storagev2/internal/api-specs/get_bucket_event_rules.yml). */
export interface EventRule {
  name: string;
  prefix: string;
  suffix: string;
  event: string[];
  callbackURL: string[];
  accessKey: string;
  host: string;
}

/** -1: no limit. */
export interface Quota {
  size: number;
  count: number;
}

export interface Tag {
  Key: string;
  Value: string;
}

export interface Settings {
  refer: ReferSetting;
  cors: CorsRule[];
  maxAge: number;
  /** Original protection ("access style" mode 1): plain downloads of originals are refused. */
  protected: 0 | 1;
  /** 1 = no default index page; 0 (Qiniu's default) = `dir/` and the root serve `index.html` when it exists. */
  noIndexPage: 0 | 1;
  quota: Quota;
  lifecycle: LifecycleRule[];
  events: EventRule[];
  tags: Tag[];
}

export const DEFAULT_MAX_AGE = 31536000;

const DEFAULTS: Settings = {
  refer: { mode: 0, noRefer: false, patterns: [], sourceEnabled: false },
  cors: [],
  maxAge: DEFAULT_MAX_AGE,
  protected: 0,
  noIndexPage: 0,
  quota: { size: -1, count: -1 },
  lifecycle: [],
  events: [],
  tags: [],
};

export class BucketSettings {
  constructor(private readonly db: Db) {}

  get<K extends keyof Settings>(bucket: string, name: K): Settings[K] {
    const row = this.db.prepare("SELECT value FROM bucket_settings WHERE bucket = ? AND name = ?").get(bucket, name) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as Settings[K]) : structuredClone(DEFAULTS[name]);
  }

  set<K extends keyof Settings>(bucket: string, name: K, value: Settings[K]): void {
    this.db
      .prepare("INSERT INTO bucket_settings (bucket, name, value) VALUES (?, ?, ?) ON CONFLICT(bucket, name) DO UPDATE SET value = excluded.value")
      .run(bucket, name, JSON.stringify(value));
  }

  /** Read-modify-write in one transaction (two rule edits at once must not lose one). */
  update<K extends keyof Settings>(bucket: string, name: K, change: (current: Settings[K]) => Settings[K]): Settings[K] {
    return this.db.transaction(() => {
      const next = change(this.get(bucket, name));
      this.set(bucket, name, next);
      return next;
    })();
  }

  removeAll(bucket: string): void {
    this.db.prepare("DELETE FROM bucket_settings WHERE bucket = ?").run(bucket);
  }
}
