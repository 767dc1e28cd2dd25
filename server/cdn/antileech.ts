import "server-only";
// Which timestamp anti-leech keys (qiniu-protocol.md §4.2) a CDN domain uses, so that every URL the console builds for
// it is signed. In order: the QINIU_CDN_ANTILEECH_KEYS override; Qiniu's domain API (`GET /domain/<name>`, its
// `timeACL: {enable, timeACLKeys: [primary, backup]}`), when the account's key may read it; QINIU_CDN_ANTILEECH_KEY
// as the default for every domain the API cannot tell us about. The primary key signs; the backup exists for rotation.
import type { QiniuClient } from "@/lib/qiniu/client";
import { getConfig } from "@/server/config";

export interface DomainAntiLeech {
  enabled: boolean;
  /** primary first; [] when off */
  keys: string[];
  source: "override" | "domain" | "default" | "none";
}

export interface AntiLeechSettings {
  overrides: Record<string, string[]>;
  defaultKey?: string;
}

interface TimeAcl {
  enable?: unknown;
  timeACLKeys?: unknown;
}

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; value: Promise<TimeAcl | null> }>();

/** The domain API's timeACL, or null when it cannot be read (no such domain, no permission, Qiniu unreachable). */
async function readTimeAcl(client: QiniuClient, domain: string, now: number): Promise<TimeAcl | null> {
  const hit = cache.get(domain);
  if (hit && now - hit.at < TTL_MS) return hit.value;
  const value = client.transport
    .request({ service: "api", method: "GET", path: `/domain/${encodeURIComponent(domain)}`, auth: "qbox", idempotent: true })
    .then((res) => {
      const acl = (res.body as { timeACL?: TimeAcl } | null)?.timeACL;
      return acl && typeof acl === "object" ? acl : null;
    })
    .catch(() => null);
  cache.set(domain, { at: now, value });
  return value;
}

/** Forgets what the domain API said (tests; after an admin changed keys). */
export function forgetAntiLeech(): void {
  cache.clear();
}

export function antiLeechSettings(): AntiLeechSettings {
  const q = getConfig().qiniu;
  return { overrides: q.cdnAntiLeechKeys, defaultKey: q.cdnAntiLeechKey };
}

/** `host[:port]` of an origin or URL, lower-case ("" when it is not one). */
export function hostOfOrigin(origin: string): string {
  try {
    return new URL(/^[a-z]+:\/\//i.test(origin) ? origin : `http://${origin}`).host.toLowerCase();
  } catch {
    return "";
  }
}

export async function domainAntiLeech(
  client: QiniuClient,
  domain: string,
  settings: AntiLeechSettings = antiLeechSettings(),
  now = Date.now(),
): Promise<DomainAntiLeech> {
  const d = hostOfOrigin(domain);
  const override = settings.overrides[d];
  if (override?.length) return { enabled: true, keys: override, source: "override" };
  const acl = await readTimeAcl(client, d, now);
  if (acl) {
    if (acl.enable !== true) return { enabled: false, keys: [], source: "domain" };
    const keys = Array.isArray(acl.timeACLKeys) ? acl.timeACLKeys.filter((k): k is string => typeof k === "string" && k !== "") : [];
    // Enabled but keys hidden from this account: the configured default is the only key we can sign with.
    if (keys.length > 0) return { enabled: true, keys, source: "domain" };
  }
  if (settings.defaultKey) return { enabled: true, keys: [settings.defaultKey], source: "default" };
  return { enabled: acl?.enable === true, keys: [], source: "none" };
}

/** The key to sign a domain's URLs with, or undefined when the domain does not need signing. */
export async function signingKey(client: QiniuClient, origin: string, settings?: AntiLeechSettings): Promise<string | undefined> {
  const a = await domainAntiLeech(client, origin, settings);
  return a.enabled ? a.keys[0] : undefined;
}
