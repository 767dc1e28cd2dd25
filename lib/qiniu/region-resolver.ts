// Per-bucket service hosts, as the official SDKs find them: the uc region query `GET /v4/query?ak=&bucket=` (nodejs-sdk
// httpc/regionsProvider.js, python-sdk http/regions_provider.py), cached for the TTL the answer gives. One lookup per
// bucket at a time; a bucket whose lookup fails uses the configured hosts for a short while (QINIU_REGION's hosts),
// or the expired answer when there is one. Callers refresh an entry when Qiniu says the region is wrong.
import { detached } from "./abort-scope";
import type { QiniuHosts } from "./regions";

export type RegionalService = "up" | "io" | "rs" | "rsf" | "api";
export const REGIONAL_SERVICES: readonly RegionalService[] = ["up", "io", "rs", "rsf", "api"];

export function isRegionalService(s: string): s is RegionalService {
  return (REGIONAL_SERVICES as readonly string[]).includes(s);
}

export interface BucketRegion {
  /** Region id from the query (z0, z1, …); undefined when the configured hosts stand in. */
  region?: string;
  /** Base URLs per service, primary first, then backups. Never empty. */
  hosts: Record<RegionalService, string[]>;
}

export interface RegionResolverOptions {
  /** The body of `GET <uc>/v4/query?ak=<ak>&bucket=<bucket>` (throws when the query fails). */
  query: (bucket: string, signal?: AbortSignal) => Promise<unknown>;
  /** The configured hosts: their schemes are used for the answered domains, and they stand in when a lookup fails. */
  fallback: QiniuHosts;
  now?: () => number;
  /** How long a failed lookup's stand-in is kept, default 60 s. */
  failureTtlMs?: number;
  /** Buckets kept, default 10 000 (oldest dropped first). */
  maxEntries?: number;
}

interface Entry {
  value: BucketRegion;
  expiresAt: number;
  /** False for a stand-in after a failed lookup (never preferred over an expired real answer). */
  answered: boolean;
}

const DEFAULT_TTL_S = 86_400;

function withScheme(domain: string, like: string): string {
  if (/^https?:\/\//i.test(domain)) return domain.replace(/\/+$/, "");
  return `${new URL(like).protocol}//${domain}`;
}

/** The first entry of a v4 answer as base URLs, or an error naming what is missing. */
export function parseV4(body: unknown, fallback: QiniuHosts): { value: BucketRegion; ttlS: number } {
  const entry = (body as { hosts?: unknown[] } | null)?.hosts?.[0] as Record<string, unknown> | undefined;
  if (!entry || typeof entry !== "object") throw new Error("region query answered no hosts");
  const hosts = {} as Record<RegionalService, string[]>;
  for (const s of REGIONAL_SERVICES) {
    const domains = (entry[s] as { domains?: unknown } | undefined)?.domains;
    const list = Array.isArray(domains) ? domains.filter((d): d is string => typeof d === "string" && d !== "") : [];
    if (list.length === 0) throw new Error(`region query answered no ${s} domains`);
    hosts[s] = list.map((d) => withScheme(d, fallback[s]));
  }
  const ttl = typeof entry.ttl === "number" && entry.ttl > 0 ? entry.ttl : DEFAULT_TTL_S;
  return { value: { region: typeof entry.region === "string" ? entry.region : undefined, hosts }, ttlS: ttl };
}

export class RegionResolver {
  private readonly cache = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<BucketRegion>>();
  private readonly now: () => number;
  /** Region queries sent so far (benchmarks, tests). */
  queries = 0;

  constructor(private readonly o: RegionResolverOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The configured hosts, as a BucketRegion (calls that name no bucket, failed lookups). */
  get fallback(): BucketRegion {
    return { hosts: Object.fromEntries(REGIONAL_SERVICES.map((s) => [s, [this.o.fallback[s]]])) as Record<RegionalService, string[]> };
  }

  /** A live cached answer, without a lookup. */
  peek(bucket: string): BucketRegion | undefined {
    const e = this.cache.get(bucket);
    return e && e.expiresAt > this.now() ? e.value : undefined;
  }

  /** Drops what is known about a bucket (created or dropped). */
  forget(bucket: string): void {
    this.cache.delete(bucket);
  }

  /** The bucket's hosts: cached while the TTL lasts; `refresh` asks uc again (after a region error). */
  async resolve(bucket: string, opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<BucketRegion> {
    if (!opts.refresh) {
      const live = this.peek(bucket);
      if (live) return live;
    }
    let pending = this.inflight.get(bucket);
    if (!pending) {
      pending = detached(() => this.lookup(bucket, opts.signal)).finally(() => this.inflight.delete(bucket));
      this.inflight.set(bucket, pending);
    }
    return pending;
  }

  private async lookup(bucket: string, signal?: AbortSignal): Promise<BucketRegion> {
    this.queries++;
    const previous = this.cache.get(bucket);
    try {
      const { value, ttlS } = parseV4(await this.o.query(bucket, signal), this.o.fallback);
      this.store(bucket, { value, expiresAt: this.now() + ttlS * 1000, answered: true });
      return value;
    } catch (e) {
      if (signal?.aborted) throw e;
      // An old answer is a better guess than the configured region; either is retried after failureTtlMs.
      const value = previous?.answered ? previous.value : this.fallback;
      this.store(bucket, { value, expiresAt: this.now() + (this.o.failureTtlMs ?? 60_000), answered: previous?.answered ?? false });
      return value;
    }
  }

  private store(bucket: string, entry: Entry): void {
    this.cache.delete(bucket);
    this.cache.set(bucket, entry);
    const max = this.o.maxEntries ?? 10_000;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value as string);
  }
}
