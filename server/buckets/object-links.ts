import "server-only";
import { domainOrigin, objectUrl } from "@/lib/buckets/object-url";
import { signTimestampUrl } from "@/lib/qiniu/antileech";
import { privateDownloadUrl, type Credentials } from "@/lib/qiniu/auth";
import type { BucketFacts } from "./bucket-facts";
import type { BucketSettings } from "./bucket-settings";

// Links to objects on the bucket's default download domain: plain for public buckets, signed with a deadline for
// private ones (docs/qiniu-protocol.md §4.1). Only the server signs: the secret key never leaves it.

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return "";
  }
}

/**
 * The origin links use: the admin's choice while that domain is still bound to the bucket, else the first domain
 * (http, which every Qiniu test domain serves). null when the bucket has no domain at all.
 */
export function downloadOrigin(facts: Pick<BucketFacts, "domains">, settings: Pick<BucketSettings, "downloadDomain">): string | null {
  const chosen = settings.downloadDomain;
  if (chosen && facts.domains.some((d) => hostOf(domainOrigin(d)) === hostOf(chosen))) return chosen;
  return facts.domains[0] ? domainOrigin(facts.domains[0]) : null;
}

/** Every origin an admin may choose for a bucket: each domain over http and https. */
export function originChoices(domains: readonly string[]): string[] {
  return domains.flatMap((d) => (/^https?:\/\//i.test(d) ? [domainOrigin(d)] : [`http://${d}`, `https://${d}`]));
}

export interface IssuedUrl {
  url: string;
  /** unix seconds; null for public links, which do not expire */
  expiresAt: number | null;
}

/**
 * Where links to a bucket's objects point and how they are signed: `antiLeechKey` is the download domain's timestamp
 * anti-leech key when that domain enforces it (server/cdn/antileech.ts signingKey).
 */
export interface LinkTarget {
  origin: string;
  private: boolean;
  antiLeechKey?: string;
}

/**
 * A link to one object: plain for a public bucket on a domain without anti-leech; else with a deadline — timestamp
 * anti-leech first (over the path, the query kept), then the private token over that URL (qiniu-protocol.md §4).
 */
export function issueObjectUrl(creds: Credentials, target: LinkTarget, key: string, opts: { expiresIn: number; query?: string; now?: number }): IssuedUrl {
  const base = objectUrl(target.origin, key, opts.query);
  if (!target.private && !target.antiLeechKey) return { url: base, expiresAt: null };
  const deadline = Math.floor((opts.now ?? Date.now()) / 1000) + opts.expiresIn;
  const stamped = target.antiLeechKey ? signTimestampUrl(base, target.antiLeechKey, deadline) : base;
  return { url: target.private ? privateDownloadUrl(creds, stamped, deadline) : stamped, expiresAt: deadline };
}
