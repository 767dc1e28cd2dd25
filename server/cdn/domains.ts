import "server-only";
// The CDN domains a user may look at: the download domains of the buckets they can see (a scoped user sees only
// their buckets' domains). Every CDN action checks the domains it is given against this list. A domain serves its
// whole bucket, so its data (traffic, logs, top URLs) is only for users whose scope covers that whole bucket; a user
// limited to key prefixes may act (refresh, prefetch, sign links) only on URLs of keys under those prefixes.
import { dataDomains, type CdnDomain } from "@/lib/cdn/scope";
import { scopePrefixes, visibleBuckets, type Principal } from "@/lib/permissions";
import type { QiniuClient } from "@/lib/qiniu/client";
import { manyBucketFacts } from "@/server/buckets/bucket-facts";
import { ActionFailure } from "@/server/actions/wrapper";

export async function cdnDomains(client: QiniuClient, user: Principal): Promise<CdnDomain[]> {
  const buckets = visibleBuckets(user, await client.listBuckets());
  const facts = await manyBucketFacts(client, buckets);
  const out: CdnDomain[] = [];
  facts.forEach((f) => {
    if (f instanceof Error) return;
    const prefixes = scopePrefixes(user, f.name);
    for (const d of f.domains) out.push({ domain: hostOnly(d), bucket: f.name, private: f.private, prefixes });
  });
  return out;
}

/** `http://h:1/` → `h:1` (uc may answer with or without scheme). */
export function hostOnly(domain: string): string {
  return domain
    .trim()
    .replace(/^https?:\/\//i, "")
    .replace(/\/.*$/, "");
}

/** Refuses any domain the user may not see (field `domains`); answers all the user's domains. */
export async function requireDomains(client: QiniuClient, user: Principal, domains: readonly string[]): Promise<CdnDomain[]> {
  const allowed = await cdnDomains(client, user);
  const known = new Set(allowed.map((d) => d.domain.toLowerCase()));
  const foreign = domains.filter((d) => !known.has(d.toLowerCase()));
  if (foreign.length > 0) {
    throw new ActionFailure("cdn.unknown_domain", "cdn.errors.unknownDomain", { domain: foreign.join(", ") }, { domains: "cdn.errors.unknownDomain" });
  }
  return allowed;
}

/** Refuses, on top of requireDomains, any domain whose bucket the user sees only part of (traffic, logs, analysis). */
export async function requireDomainData(client: QiniuClient, user: Principal, domains: readonly string[]): Promise<void> {
  const allowed = await requireDomains(client, user, domains);
  const whole = new Set(dataDomains(allowed).map((d) => d.domain.toLowerCase()));
  const partial = domains.filter((d) => !whole.has(d.toLowerCase()));
  if (partial.length > 0) {
    throw new ActionFailure("cdn.partial_scope", "cdn.errors.partialScope", { domain: partial.join(", ") }, { domains: "cdn.errors.partialScope" });
  }
}
