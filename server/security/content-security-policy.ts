import "server-only";
import type { QiniuHosts } from "@/lib/qiniu/regions";

// The console's Content-Security-Policy for pages (set per request by proxy.ts, with a fresh script nonce that Next puts
// on its own scripts). Scripts run only by nonce: no 'unsafe-inline', and 'strict-dynamic' lets Next's nonce'd loader
// add its chunks. The browser talks to Qiniu directly in two ways, and those hosts come from the configuration:
// uploads go to the up host (connect-src), and previews and thumbnails load from the buckets' download domains.

export interface PolicySources {
  mode: "qiniu" | "emulator";
  hosts: Pick<QiniuHosts, "up" | "io">;
  /** `next dev` needs eval for its refresh runtime; a production build never does. */
  dev?: boolean;
}

/**
 * Where previews and thumbnails may load from. The emulator serves every bucket domain on its own host, one port per
 * bucket. With real Qiniu a bucket's domains are whatever its owner bound (CDN or test domains, http or https), so any
 * web origin is allowed there: these directives only govern images, media and the PDF frame, never scripts.
 */
function downloadSources({ mode, hosts }: PolicySources): string[] {
  if (mode === "qiniu") return ["https:", "http:"];
  const emulator = new URL(hosts.io);
  return [`${emulator.protocol}//${emulator.hostname}:*`];
}

/**
 * Where the browser may upload to. Each bucket's uploads go to its own region's up host, which the region query names
 * (lib/qiniu/region-resolver.ts): in the emulator a second region listens on other ports of its host; at Qiniu every
 * region's up hosts are under qiniup.com (upload-z1.qiniup.com, up-na0.qiniup.com, …). The configured host stays allowed
 * for an override such as an accelerated upload domain.
 */
function uploadSources({ mode, hosts }: PolicySources): string[] {
  const up = new URL(hosts.up);
  if (mode === "emulator") return [`${up.protocol}//${up.hostname}:*`];
  return [up.origin, `${up.protocol}//*.qiniup.com`];
}

export function contentSecurityPolicy(nonce: string, sources: PolicySources): string {
  const downloads = downloadSources(sources);
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(sources.dev ? ["'unsafe-eval'"] : [])],
    // React renders style attributes into the HTML; styles cannot run code.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...downloads],
    "media-src": ["'self'", "blob:", ...downloads],
    "frame-src": downloads,
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...uploadSources(sources)],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${[...new Set(values)].join(" ")}`)
    .join("; ");
}

/** A fresh nonce per response: 128 random bits. */
export function scriptNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
}
