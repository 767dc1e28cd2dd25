import "server-only";
import { detached } from "@/lib/qiniu/abort-scope";
import type { QiniuClient } from "@/lib/qiniu/client";

// What Qiniu says about a bucket: visibility, region, domains, mirror source. Read often (every link needs the
// visibility and a domain), so kept for a few seconds per process; nothing here is a secret or per-user.

export interface BucketFacts {
  name: string;
  region: string | null;
  private: boolean;
  /** host[:port] without scheme, as uc answers */
  domains: string[];
  /** the bucket has a mirror source (prefetch only works then) */
  mirror: boolean;
}

const TTL_MS = 15_000;
const cache = new Map<string, { at: number; facts: Promise<BucketFacts> }>();

function pickString(info: Record<string, unknown>, ...names: string[]): string | null {
  for (const n of names) {
    const v = info[n];
    if (typeof v === "string" && v !== "") return v;
  }
  return null;
}

/** Reads the facts from v2/bucketInfo (`private` 0/1, `region`/`zone`, `source`) and v2/domains. */
export async function readBucketFacts(client: QiniuClient, bucket: string): Promise<BucketFacts> {
  const [info, domains] = await Promise.all([client.bucketInfo(bucket), client.bucketDomains(bucket)]);
  const priv = info.private;
  const source = info.source ?? info.sources;
  return {
    name: bucket,
    region: pickString(info, "region", "zone"),
    private: priv === 1 || priv === true || priv === "1",
    domains: domains.filter((d) => typeof d === "string" && d !== ""),
    mirror: (typeof source === "string" && source !== "") || (Array.isArray(source) && source.length > 0),
  };
}

export function bucketFacts(client: QiniuClient, bucket: string, now = Date.now()): Promise<BucketFacts> {
  const hit = cache.get(bucket);
  if (hit && now - hit.at < TTL_MS) return hit.facts;
  // Shared by every request that asks within the TTL: not cancelled when the first asker leaves.
  const facts = detached(() => readBucketFacts(client, bucket));
  cache.set(bucket, { at: now, facts });
  facts.catch(() => cache.delete(bucket));
  return facts;
}

/** Facts for many buckets, a few requests at a time. */
export async function manyBucketFacts(client: QiniuClient, buckets: readonly string[], concurrency = 4): Promise<(BucketFacts | Error)[]> {
  const out: (BucketFacts | Error)[] = new Array(buckets.length);
  let next = 0;
  async function worker() {
    while (next < buckets.length) {
      const i = next++;
      out[i] = await bucketFacts(client, buckets[i]).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, buckets.length) }, worker));
  return out;
}

export function forgetBucketFacts(bucket?: string): void {
  if (bucket === undefined) cache.clear();
  else cache.delete(bucket);
}
