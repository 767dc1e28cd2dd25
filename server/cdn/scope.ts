import "server-only";
// The scope checks of the CDN actions that name objects by URL (refresh, prefetch, task history, signed links, refresh
// after overwrite). server/actions/cdn.ts calls these; tests run them against a real emulator with their own users.
import { cdnUrlInScope, keyInPrefixes, scopeProblems } from "@/lib/cdn/scope";
import { checkCdnList, cdnHostOf, type CdnUrlProblem } from "@/lib/cdn/urls";
import { isUnrestricted, scopePrefixes, type Principal } from "@/lib/permissions";
import { signTimestampUrl } from "@/lib/qiniu/antileech";
import { privateDownloadUrl, type Credentials } from "@/lib/qiniu/auth";
import type { QiniuClient } from "@/lib/qiniu/client";
import type { CdnTask } from "@/lib/qiniu/client-types";
import { encodeKeyPath } from "@/lib/qiniu/urls";
import { ActionFailure } from "@/server/actions/wrapper";
import { cdnDomains, requireDomains } from "./domains";

function refuse(problems: CdnUrlProblem[], field: string): void {
  const p = problems[0];
  if (!p) return;
  const vars: Record<string, string | number> = "value" in p ? { value: p.value } : p.kind === "tooMany" ? { max: p.max, count: p.count } : {};
  throw new ActionFailure(`cdn.${p.kind}`, `cdn.refresh.errors.${p.kind}`, vars, { [field]: `cdn.refresh.errors.${p.kind}` });
}

/** Refuses a refresh (`dirs` given) or prefetch (`dirs` null) with URLs that are not the user's to act on. */
export async function requireSubmittable(client: QiniuClient, user: Principal, urls: readonly string[], dirs: readonly string[] | null): Promise<void> {
  const mine = await cdnDomains(client, user);
  const hosts = mine.map((d) => d.domain);
  if (dirs === null) {
    refuse(checkCdnList(urls, "prefetch", hosts), "urls");
  } else {
    refuse(checkCdnList(urls, "urls", hosts, dirs.length > 0), "urls");
    refuse(checkCdnList(dirs, "dirs", hosts, urls.length > 0), "dirs");
    refuse(scopeProblems(dirs, mine), "dirs");
  }
  refuse(scopeProblems(urls, mine), "urls");
}

/** The refresh/prefetch tasks a user may see: on their domains and, on a domain they see only part of, their keys. */
export async function visibleTasks<T extends CdnTask>(client: QiniuClient, user: Principal, items: T[]): Promise<T[]> {
  if (isUnrestricted(user)) return items;
  const mine = await cdnDomains(client, user);
  const hosts = new Set(mine.map((d) => d.domain.toLowerCase()));
  return items.filter((t) => hosts.has(cdnHostOf(t.url) ?? "") && cdnUrlInScope(t.url, mine));
}

/** URLs of objects on every domain of their bucket (for "refresh after overwrite"); every key must be in scope. */
export async function objectUrls(client: QiniuClient, user: Principal, bucket: string, keys: readonly string[]): Promise<string[]> {
  const outside = keys.find((k) => !keyInPrefixes(k, scopePrefixes(user, bucket)));
  if (outside !== undefined) throw new ActionFailure("cdn.outOfScope", "cdn.refresh.errors.outOfScope", { value: outside });
  const domains = (await cdnDomains(client, user)).filter((d) => d.bucket === bucket);
  if (domains.length === 0) throw new ActionFailure("cdn.unknown_domain", "cdn.errors.unknownDomain", { domain: bucket });
  return domains.flatMap((d) => keys.map((k) => `http://${d.domain}/${encodeKeyPath(k)}`));
}

export interface SignedCdnUrl {
  url: string;
  /** unix seconds */
  expiresAt: number;
}

export interface AntiLeechRequest {
  domain: string;
  scheme: "http" | "https";
  path: string;
  query: string;
  expiresIn: number;
}

/**
 * A timestamp anti-leech link, only for a key the user may read: the check runs on the finished URL, on the key the
 * CDN will serve for it (a path such as `team/../secret` would be signed as `/secret`). The query (`imageView2/1/w/100`,
 * `v=1.2`) is kept as typed, since the signature covers the path only; on a private bucket's domain the download token
 * is added over the signed URL (server/buckets/object-links.ts issueObjectUrl does the same).
 */
export async function signCdnLink(
  client: QiniuClient,
  user: Principal,
  i: AntiLeechRequest,
  encryptKey: string,
  creds: Credentials,
  now = Date.now(),
): Promise<SignedCdnUrl> {
  const mine = await requireDomains(client, user, [i.domain]);
  const query = i.query.trim().replace(/^\?/, "");
  const expiresAt = Math.floor(now / 1000) + i.expiresIn;
  const base = `${i.scheme}://${i.domain}/${encodeKeyPath(i.path.replace(/^\/+/, ""))}${query ? `?${query}` : ""}`;
  const stamped = signTimestampUrl(base, encryptKey, expiresAt);
  const isPrivate = mine.find((d) => d.domain.toLowerCase() === i.domain.toLowerCase())?.private ?? false;
  const url = isPrivate ? privateDownloadUrl(creds, stamped, expiresAt) : stamped;
  if (!cdnUrlInScope(url, mine)) {
    throw new ActionFailure("cdn.outOfScope", "cdn.refresh.errors.outOfScope", { value: i.path }, { path: "cdn.refresh.errors.outOfScope" });
  }
  return { url, expiresAt };
}
