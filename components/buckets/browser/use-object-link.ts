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
}

/**
 * Public links are built here; private ones and those on an anti-leech domain are signed by the server with the chosen lifetime. `signed` asks for a
 * signed link in a public bucket too: a disabled object is served only to those.
 */
export async function makeObjectLink(bucket: string, key: string, link: LinkSettings, download = false, signed = false): Promise<string> {
  if (!link.private && !link.antiLeech && !signed && link.origin) return objectUrl(link.origin, key, download ? attnameQuery(baseName(key)) : undefined);
  return (await unwrap(getObjectUrl({ bucket, key, expiresIn: link.expiresIn, download, signed }))).url;
}

/** "Copy link": makes the link and puts it on the clipboard; `data` is the link once copied. */
export function useCopyLink(bucket: string, link: LinkSettings, signed = false) {
  return useMutation({
    mutationFn: async (key: string) => {
      const url = await makeObjectLink(bucket, key, link, false, signed);
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
