// Which links a row's menu offers to copy (issue 20): the public link (public bucket, enabled object), a signed link
// with the chosen lifetime (any bucket: a private bucket's only link, a public bucket's expiring one), and one per CDN
// domain bound to the bucket. Pure; the URLs themselves are built by lib/qiniu/urls.ts and signed on the server.
import { isTestDomain } from "./domains";
import { domainOrigin } from "./object-url";

export type LinkVariant = { kind: "public" } | { kind: "signed" } | { kind: "cdn"; origin: string; host: string };

function hostOf(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return "";
  }
}

/**
 * The bucket's CDN origins: its own domains (not Qiniu's test domains), each once, without the one links already use.
 * Their scheme follows the link origin's (https when the admin chose https).
 */
export function cdnOrigins(domains: readonly string[], linkOrigin: string | null): string[] {
  const scheme = linkOrigin?.toLowerCase().startsWith("https:") ? "https" : "http";
  const seen = new Set(linkOrigin ? [hostOf(linkOrigin)] : []);
  const out: string[] = [];
  for (const d of domains) {
    if (isTestDomain(d)) continue;
    const origin = domainOrigin(d, scheme);
    const host = hostOf(origin);
    if (!host || seen.has(host)) continue;
    seen.add(host);
    out.push(origin);
  }
  return out;
}

/** The copy-link choices for one object. `disabled`: Qiniu serves a disabled object only to signed URLs. */
export function linkVariants(link: { private: boolean; origin: string | null; cdnOrigins?: readonly string[] }, disabled: boolean): LinkVariant[] {
  if (!link.origin && !link.private) return [];
  const out: LinkVariant[] = [];
  if (!link.private && !disabled && link.origin) out.push({ kind: "public" });
  out.push({ kind: "signed" });
  for (const origin of link.cdnOrigins ?? []) out.push({ kind: "cdn", origin, host: hostOf(origin) });
  return out;
}
