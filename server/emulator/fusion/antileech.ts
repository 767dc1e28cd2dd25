// CDN timestamp anti-leech (docs/qiniu-protocol.md §4.2): which domains have it, and the check io applies on downloads.
import { antiLeechSign, safeEqual } from "@/lib/qiniu/digest";
import type { DomainDirectory } from "./domains";
import { normalizeDomain } from "./domains";

export class AntiLeechKeys {
  private readonly keys: Map<string, string>;

  /** `keys`: domain (host:port), bucket name, or `*` → encrypt key. */
  constructor(
    keys: Record<string, string>,
    private readonly domains: DomainDirectory,
  ) {
    this.keys = new Map(Object.entries(keys).map(([k, v]) => [k.includes(":") || k.includes(".") ? normalizeDomain(k) : k, v]));
  }

  /** The primary key (the first of `primary|backup`). */
  keyFor(domain: string): string | undefined {
    return this.keysFor(domain)[0];
  }

  /**
   * Every accepted key of a domain: Qiniu's timestamp ACL has a primary and a backup key (`timeACLKeys`), either
   * signs valid links, so a key can be rotated without breaking links already handed out. Written `primary|backup`.
   */
  keysFor(domain: string): string[] {
    const d = normalizeDomain(domain);
    const bucket = this.domains.bucketOf(d);
    const value = this.keys.get(d) ?? (bucket ? this.keys.get(bucket) : undefined) ?? this.keys.get("*");
    return value
      ? value
          .split("|")
          .map((k) => k.trim())
          .filter(Boolean)
          .slice(0, 2)
      : [];
  }
}

export type AntiLeechResult = { ok: true } | { ok: false; reason: "missing" | "expired" | "mismatch" };

/**
 * Checks `sign`/`t` on a raw request target (`/path?query`, as received). The signature covers the raw, still
 * percent-encoded path, because both SDKs sign exactly the path they put in the URL. Answer 403 when not ok.
 */
export function checkTimestampAntiLeech(encryptKey: string, rawTarget: string, nowSeconds: number): AntiLeechResult {
  const q = rawTarget.indexOf("?");
  const rawPath = q < 0 ? rawTarget : rawTarget.slice(0, q);
  const params = new URLSearchParams(q < 0 ? "" : rawTarget.slice(q + 1));
  const sign = params.get("sign");
  const t = params.get("t");
  if (!sign || !t || !/^[0-9a-fA-F]{1,16}$/.test(t)) return { ok: false, reason: "missing" };
  if (parseInt(t, 16) < nowSeconds) return { ok: false, reason: "expired" };
  return safeEqual(sign.toLowerCase(), antiLeechSign(encryptKey, rawPath, t)) ? { ok: true } : { ok: false, reason: "mismatch" };
}
