import "server-only";
import { getDb, type Queryable } from "@/server/db";

// Per-bucket browser settings chosen by an admin (004_bucket_browser.sql). Shared by every console instance.

export interface BucketSettings {
  bucket: string;
  /** origin of the default download domain ("https://cdn.example.com"); null = the bucket's first domain */
  downloadDomain: string | null;
  /** the default of grid thumbnails (imageView2 requests that cost traffic): on unless an admin turns it off (migration 011) */
  thumbnails: boolean;
}

interface Row {
  bucket: string;
  download_domain: string | null;
  thumbnails: boolean;
}

const toSettings = (r: Row): BucketSettings => ({ bucket: r.bucket, downloadDomain: r.download_domain, thumbnails: r.thumbnails });

export function defaultSettings(bucket: string): BucketSettings {
  return { bucket, downloadDomain: null, thumbnails: true };
}

export async function getBucketSettings(bucket: string, db: Queryable = getDb()): Promise<BucketSettings> {
  const rows = await db.query<Row>("SELECT bucket, download_domain, thumbnails FROM bucket_settings WHERE bucket = $1", [bucket]);
  return rows[0] ? toSettings(rows[0]) : defaultSettings(bucket);
}

export async function getAllBucketSettings(db: Queryable = getDb()): Promise<Map<string, BucketSettings>> {
  const rows = await db.query<Row>("SELECT bucket, download_domain, thumbnails FROM bucket_settings");
  return new Map(rows.map((r) => [r.bucket, toSettings(r)]));
}

export async function saveBucketSettings(
  bucket: string,
  change: Partial<Pick<BucketSettings, "downloadDomain" | "thumbnails">>,
  updatedBy: string,
  db: Queryable = getDb(),
): Promise<BucketSettings> {
  const current = await getBucketSettings(bucket, db);
  const next = { ...current, ...change };
  const rows = await db.query<Row>(
    `INSERT INTO bucket_settings (bucket, download_domain, thumbnails, updated_by, updated_at)
     VALUES ($1, $2, $3, $4, now())
     ON CONFLICT (bucket) DO UPDATE SET download_domain = EXCLUDED.download_domain, thumbnails = EXCLUDED.thumbnails,
       updated_by = EXCLUDED.updated_by, updated_at = now()
     RETURNING bucket, download_domain, thumbnails`,
    [bucket, next.downloadDomain, next.thumbnails, updatedBy],
  );
  return toSettings(rows[0]);
}
