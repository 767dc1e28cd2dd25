"use client";

import { useMutation } from "@tanstack/react-query";
import { attnameQuery, objectUrl } from "@/lib/buckets/object-url";
import { baseName } from "@/lib/buckets/paths";
import { getObjectUrl } from "@/server/actions/objects";
import { unwrap } from "../../ui/action-call";
import { copyText } from "../../ui/clipboard";

export interface LinkSettings {
  private: boolean;
  /** the download domain enforces timestamp anti-leech: links come signed (and time-limited) from the server */
  antiLeech?: boolean;
  /** the bucket's download origin; null when it has no domain */
  origin: string | null;
  /** lifetime of private links, seconds */
  expiresIn: number;
  /** the bucket's CDN domains other than `origin` (lib/buckets/link-variants.ts) */
  cdnOrigins?: readonly string[];
}

/**
 * Public links are built here; private ones and those on an anti-leech domain are signed by the server with the chosen lifetime. `signed` asks for a
 * signed link in a public bucket too: a disabled object is served only to those. A link on another of the bucket's
 * domains (`origin`, a CDN domain) is always made by the server, which checks the domain and signs what needs signing.
 */
export async function makeObjectLink(bucket: string, key: string, link: LinkSettings, download = false, signed = false, origin?: string): Promise<string> {
  if (!link.private && !link.antiLeech && !signed && link.origin && !origin)
    return objectUrl(link.origin, key, download ? attnameQuery(baseName(key)) : undefined);
  return (await unwrap(getObjectUrl({ bucket, key, expiresIn: link.expiresIn, download, signed, origin }))).url;
}

/** "Copy link": makes the link and puts it on the clipboard; `data` is the link once copied. */
export function useCopyLink(bucket: string, link: LinkSettings, signed = false) {
  return useMutation({
    mutationFn: async (key: string | { key: string; signed?: boolean; origin?: string }) => {
      const want = typeof key === "string" ? { key } : key;
      const url = await makeObjectLink(bucket, want.key, link, false, want.signed ?? signed, want.origin);
      await copyText(url);
      return url;
    },
  });
}

/** Starts a download from an attname link: the download domain answers with Content-Disposition, so the page stays. */
export function startDownload(url: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.rel = "noopener";
  a.setAttribute("download", "");
  document.body.appendChild(a);
  a.click();
  a.remove();
}
