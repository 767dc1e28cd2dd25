"use client";

import { useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { bucketHref, parseBrowserState, type BrowserState } from "@/lib/buckets/browser-url";

/**
 * The bucket page's state, read from the URL and written back with the History API (Next keeps useSearchParams in
 * step without a server round trip). Folder changes push an entry so the back button returns to the previous folder;
 * search, sort, view and the open object replace the current entry.
 */
export function useBrowserLocation(bucket: string) {
  const params = useSearchParams();
  const state = useMemo(() => parseBrowserState(params), [params]);

  const update = useCallback(
    (next: Partial<BrowserState>, mode: "push" | "replace" = "replace") => {
      const current = parseBrowserState(new URLSearchParams(window.location.search));
      const href = bucketHref(bucket, { ...current, ...next });
      if (mode === "push") window.history.pushState(null, "", href);
      else window.history.replaceState(null, "", href);
    },
    [bucket],
  );

  const openFolder = useCallback((prefix: string) => update({ prefix, q: "", key: null }, "push"), [update]);
  const openObject = useCallback((key: string | null) => update({ key }), [update]);
  return { state, update, openFolder, openObject };
}
