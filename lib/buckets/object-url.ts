// Download URLs of objects, built on lib/qiniu/urls.ts (which percent-encodes '%', '?', '#', spaces and emoji, and keeps
// "a//b" as it is). Pure: the signing of private URLs happens on the server (lib/qiniu/auth.ts).
import { objectUrl as qiniuObjectUrl } from "@/lib/qiniu/urls";

export { encodeKeyPath } from "@/lib/qiniu/urls";

/** Normalises an admin-chosen domain ("cdn.example.com", "http://127.0.0.1:9410/") to an origin with scheme. */
export function domainOrigin(domain: string, scheme: "http" | "https" = "http"): string {
  const trimmed = domain.trim().replace(/\/+$/, "");
  return /^https?:\/\//i.test(trimmed) ? trimmed : `${scheme}://${trimmed}`;
}

/** `<origin>/<encoded key>[?<query>]`; `query` is appended verbatim (fop commands such as imageView2 are not form-encoded). */
export function objectUrl(origin: string, key: string, query?: string): string {
  return `${qiniuObjectUrl(origin, key)}${query ? `?${query}` : ""}`;
}

/** imageView2 mode 1: a centred square crop of `size` pixels (https://developer.qiniu.com/dora/1279/basic-processing-images-imageview2). */
export function thumbnailFop(size = 160): string {
  return `imageView2/1/w/${size}/h/${size}/q/75`;
}

/** `attname` makes Qiniu answer with Content-Disposition: attachment and this file name. */
export function attnameQuery(fileName: string): string {
  return `attname=${encodeURIComponent(fileName)}`;
}

/** Link lifetimes offered for private buckets, in seconds. */
export const LINK_EXPIRIES = [300, 3600, 86_400, 604_800] as const;
export type LinkExpiry = (typeof LINK_EXPIRIES)[number];
/** Downloads and previews use short-lived links. */
export const PREVIEW_EXPIRY = 900;
