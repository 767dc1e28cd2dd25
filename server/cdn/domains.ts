import "server-only";
// The CDN domains a user may look at: the download domains of the buckets they can see (a scoped user sees only
// their buckets' domains). Every CDN action checks the domains it is given against this list.
import { visibleBuckets, type Principal } from "@/lib/permissions";
import type { QiniuClient } from "@/lib/qiniu/client";
import { manyBucketFacts } from "@/server/browser/bucket-facts";
import { ActionFailure } from "@/server/actions/wrapper";

export interface CdnDomain {
  domain: string;
  bucket: string;
  private: boolean;
}

export async function cdnDomains(client: QiniuClient, user: Principal): Promise<CdnDomain[]> {
  const buckets = visibleBuckets(user, await client.listBuckets());
  const facts = await manyBucketFacts(client, buckets);
  const out: CdnDomain[] = [];
  facts.forEach((f) => {
    if (f instanceof Error) return;
    for (const d of f.domains) out.push({ domain: hostOnly(d), bucket: f.name, private: f.private });
  });
  return out;
}

/** `http://h:1/` → `h:1` (uc may answer with or without scheme). */
export function hostOnly(domain: string): string {
  return domain.trim().replace(/^https?:\/\//i, "").replace(/\/.*$/, "");
}

/** Refuses any domain the user may not see (field `domains`). */
export async function requireDomains(client: QiniuClient, user: Principal, domains: readonly string[]): Promise<CdnDomain[]> {
  const allowed = await cdnDomains(client, user);
  const known = new Set(allowed.map((d) => d.domain.toLowerCase()));
  const foreign = domains.filter((d) => !known.has(d.toLowerCase()));
  if (foreign.length > 0) {
    throw new ActionFailure("cdn.unknown_domain", "cdn.errors.unknownDomain", { domain: foreign.join(", ") }, { domains: "cdn.errors.unknownDomain" });
  }
  return allowed;
}
