// Recording of served requests: raw rows for logs and log analysis, a 5-minute roll-up for flux and bandwidth,
// and the emulated edge cache that decides HIT or MISS.
import { BlockList, isIPv4, isIPv6 } from "node:net";
import type BetterSqlite3 from "better-sqlite3";
import type { TrafficRecord } from "../types";
import { SLOT_MS } from "./time";

export type Region = "china" | "oversea";

export interface StoredTraffic {
  domain: string;
  timeMs: number;
  bucket: string;
  key: string;
  url: string;
  method: string;
  status: number;
  bytes: number;
  ip: string;
  region: Region;
  hit: boolean;
  durationMs: number;
  referer?: string;
  userAgent?: string;
  seeded: boolean;
}

/** Decides china/oversea from the client IP: inside one of the configured CIDR blocks is oversea, anything else china. */
export class RegionClassifier {
  private readonly list = new BlockList();

  constructor(cidrs: string[]) {
    for (const cidr of cidrs) {
      const [addr, bits] = cidr.split("/");
      const type = isIPv4(addr) ? "ipv4" : isIPv6(addr) ? "ipv6" : undefined;
      if (!type) throw new Error(`EMULATOR_CDN_OVERSEA_CIDRS: "${cidr}" is not an IP address or CIDR block`);
      if (bits === undefined) this.list.addAddress(addr, type);
      else this.list.addSubnet(addr, Number(bits), type);
    }
  }

  classify(ip: string): Region {
    const plain = ip.startsWith("::ffff:") && isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
    const type = isIPv4(plain) ? "ipv4" : isIPv6(plain) ? "ipv6" : undefined;
    return type && this.list.check(plain, type) ? "oversea" : "china";
  }
}

/** The cache key of a request target or URL: its path, normalised the way WHATWG URL does, without the query. */
export function cachePath(target: string): string {
  const raw = target.split(/[?#]/, 1)[0] || "/";
  try {
    return new URL(raw.startsWith("/") ? raw : `/${raw}`, "http://cache.invalid").pathname;
  } catch {
    return raw;
  }
}

export class TrafficStore {
  private readonly insertRow: BetterSqlite3.Statement;
  private readonly upsertRollup: BetterSqlite3.Statement;
  private readonly cacheGet: BetterSqlite3.Statement;
  private readonly cachePut: BetterSqlite3.Statement;
  private readonly recordTx: (r: StoredTraffic) => void;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly regions: RegionClassifier,
  ) {
    this.insertRow = db.prepare(`INSERT INTO fusion_traffic
      (domain, time_ms, bucket, obj_key, url, method, status, bytes, ip, region, hit, duration_ms, referer, user_agent, seeded)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.upsertRollup = db.prepare(`INSERT INTO fusion_rollup (domain, slot, region, bytes, requests, hit_requests, hit_bytes)
      VALUES (?, ?, ?, ?, 1, ?, ?)
      ON CONFLICT (domain, slot, region) DO UPDATE SET bytes = bytes + excluded.bytes, requests = requests + 1,
        hit_requests = hit_requests + excluded.hit_requests, hit_bytes = hit_bytes + excluded.hit_bytes`);
    this.cacheGet = db.prepare("SELECT 1 FROM fusion_cache WHERE domain = ? AND path = ?");
    this.cachePut = db.prepare("INSERT OR REPLACE INTO fusion_cache (domain, path, cached_ms) VALUES (?, ?, ?)");
    this.recordTx = db.transaction((r: StoredTraffic) => {
      this.insertRow.run(...toRow(r));
      this.upsertRollup.run(r.domain, Math.floor(r.timeMs / SLOT_MS), r.region, r.bytes, r.hit ? 1 : 0, r.hit ? r.bytes : 0);
    });
  }

  /** Stores one io download: region from the IP, HIT when the path was already at the edge (2xx only). */
  record(rec: TrafficRecord): StoredTraffic {
    const path = cachePath(rec.url);
    const ok = rec.status >= 200 && rec.status < 300;
    const cached = ok && this.cacheGet.get(rec.domain, path) !== undefined;
    if (ok && !cached) this.cachePut.run(rec.domain, path, rec.time);
    const stored: StoredTraffic = {
      domain: rec.domain,
      timeMs: rec.time,
      bucket: rec.bucket,
      key: rec.key,
      url: rec.url,
      method: rec.method,
      status: rec.status,
      bytes: Math.max(0, Math.round(rec.bytes)),
      ip: rec.ip,
      region: this.regions.classify(rec.ip),
      hit: cached,
      durationMs: Math.max(0, Math.round(rec.durationMs ?? 0)),
      referer: rec.referer,
      userAgent: rec.userAgent,
      seeded: Boolean(rec.seeded),
    };
    this.recordTx(stored);
    return stored;
  }

  /** Bulk insert of ready-made rows (seeding); call rebuildRollup afterwards. Run inside a transaction. */
  insertRaw(rows: Iterable<StoredTraffic>): number {
    let n = 0;
    for (const r of rows) {
      this.insertRow.run(...toRow(r));
      n++;
    }
    return n;
  }

  rebuildRollup(domain: string): void {
    this.db.prepare("DELETE FROM fusion_rollup WHERE domain = ?").run(domain);
    this.db
      .prepare(
        `INSERT INTO fusion_rollup (domain, slot, region, bytes, requests, hit_requests, hit_bytes)
         SELECT domain, time_ms / ${SLOT_MS}, region, SUM(bytes), COUNT(*), SUM(hit), SUM(CASE WHEN hit = 1 THEN bytes ELSE 0 END)
         FROM fusion_traffic WHERE domain = ? GROUP BY domain, time_ms / ${SLOT_MS}, region`,
      )
      .run(domain);
  }

  /** Puts a path at the edge (prefetch). */
  fill(domain: string, path: string, nowMs: number): void {
    this.cachePut.run(domain, cachePath(path), nowMs);
  }

  /** Drops one path (URL refresh) or every path under a prefix (directory refresh). */
  evict(domain: string, path: string, prefix: boolean): number {
    if (!prefix) return this.db.prepare("DELETE FROM fusion_cache WHERE domain = ? AND path = ?").run(domain, cachePath(path)).changes;
    // substr comparison instead of LIKE: paths may contain % and _.
    return this.db.prepare("DELETE FROM fusion_cache WHERE domain = ? AND substr(path, 1, length(?)) = ?").run(domain, path, path).changes;
  }
}

function toRow(r: StoredTraffic): unknown[] {
  return [
    r.domain,
    r.timeMs,
    r.bucket,
    r.key,
    r.url,
    r.method,
    r.status,
    r.bytes,
    r.ip,
    r.region,
    r.hit ? 1 : 0,
    r.durationMs,
    r.referer ?? null,
    r.userAgent ?? null,
    r.seeded ? 1 : 0,
  ];
}
