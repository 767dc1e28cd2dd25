// Buckets: rows in SQLite plus the port of each bucket's download domain (127.0.0.1:<port>, first port + 10 + slot).
import { isValidNewBucketName } from "@/lib/qiniu/bucket-types";
import { BucketSettings } from "./bucket-settings";
import type { Db } from "./db";
import { badRequest, QiniuHttpError } from "./http";
import type { BucketInfo } from "./types";

export interface BucketRow {
  name: string;
  region: string;
  private: number;
  slot: number;
  mirror_source: string | null;
  mirror_host: string | null;
  created_at: number;
}

export const REGIONS = ["z0", "z1", "z2", "na0", "as0", "cn-east-2"];
export const MAX_BUCKETS = 100;

export class BucketRegistry {
  /** Live download-domain ports by bucket name. */
  readonly ports = new Map<string, number>();
  readonly settings: BucketSettings;

  constructor(
    private readonly db: Db,
    /** Host part of download domains (the listen address, or 127.0.0.1 for a wildcard listen). */
    private readonly publicHost: string,
  ) {
    this.settings = new BucketSettings(db);
  }

  rows(): BucketRow[] {
    return this.db.prepare("SELECT * FROM buckets ORDER BY created_at, name").all() as BucketRow[];
  }

  row(name: string): BucketRow | undefined {
    return this.db.prepare("SELECT * FROM buckets WHERE name = ?").get(name) as BucketRow | undefined;
  }

  domainOf(name: string): string | undefined {
    const port = this.ports.get(name);
    return port === undefined ? undefined : `${this.publicHost}:${port}`;
  }

  info(row: BucketRow): BucketInfo {
    const domain = this.domainOf(row.name);
    return { name: row.name, region: row.region, private: row.private === 1, domains: domain ? [domain] : [] };
  }

  list(): BucketInfo[] {
    return this.rows().map((r) => this.info(r));
  }

  get(name: string): BucketInfo | undefined {
    const row = this.row(name);
    return row ? this.info(row) : undefined;
  }

  /** Bucket whose download domain is `host[:port]`. */
  byDomain(host: string): string | undefined {
    for (const [name] of this.ports) if (this.domainOf(name) === host) return name;
    return undefined;
  }

  /** Inserts the row (slot = lowest free one at or above `minSlot`). Validates name and region. */
  insert(name: string, region: string, isPrivate: boolean, minSlot = 0): BucketRow {
    if (!isValidNewBucketName(name)) {
      throw badRequest("A bucket name has 3 to 63 characters: lower-case letters, digits and '-', starting and ending with a letter or digit");
    }
    if (!REGIONS.includes(region)) throw badRequest(`unknown region ${region}`);
    return this.db.transaction(() => {
      if (this.row(name)) throw new QiniuHttpError(614, "bucket exists");
      const count = (this.db.prepare("SELECT count(*) AS n FROM buckets").get() as { n: number }).n;
      if (count >= MAX_BUCKETS) throw new QiniuHttpError(630, "too many buckets");
      const used = new Set((this.db.prepare("SELECT slot FROM buckets").all() as { slot: number }[]).map((r) => r.slot));
      let slot = minSlot;
      while (used.has(slot)) slot++;
      this.db
        .prepare("INSERT INTO buckets (name, region, private, slot, created_at) VALUES (?, ?, ?, ?, ?)")
        .run(name, region, isPrivate ? 1 : 0, slot, Date.now());
      return this.row(name)!;
    })();
  }

  moveSlot(name: string, slot: number): void {
    this.db.prepare("UPDATE buckets SET slot = ? WHERE name = ?").run(slot, name);
  }

  remove(name: string): void {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM buckets WHERE name = ?").run(name);
      this.settings.removeAll(name);
    })();
    this.ports.delete(name);
  }

  setPrivate(name: string, isPrivate: boolean): void {
    this.db.prepare("UPDATE buckets SET private = ? WHERE name = ?").run(isPrivate ? 1 : 0, name);
  }

  setMirror(name: string, source: string | null, host: string | null): void {
    this.db.prepare("UPDATE buckets SET mirror_source = ?, mirror_host = ? WHERE name = ?").run(source, host, name);
  }

  /** Stored bytes and object count (quota checks). */
  usage(name: string): { size: number; count: number } {
    return this.db.prepare("SELECT coalesce(sum(fsize), 0) AS size, count(*) AS count FROM objects WHERE bucket = ?").get(name) as {
      size: number;
      count: number;
    };
  }

  isEmpty(name: string): boolean {
    return this.db.prepare("SELECT 1 FROM objects WHERE bucket = ? LIMIT 1").get(name) === undefined;
  }
}
