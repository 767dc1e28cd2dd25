"use client";

import { useQuery } from "@tanstack/react-query";
import { objectUrl, thumbnailFop } from "@/lib/buckets/object-url";
import { browserKeys } from "./query-keys";
import { bucketReads } from "./reads";
import type { LinkSettings } from "./use-object-link";

/**
 * imageView2 thumbnail URLs for the image keys of one grid row. Public buckets need no server call; private ones (and
 * anti-leech domains) get
 * links signed for an hour, so they are kept for half of that.
 */
export function useThumbnails(bucket: string, keys: string[], link: LinkSettings, enabled: boolean): Record<string, string> {
  const direct = enabled && !link.private && !link.antiLeech && link.origin !== null;
  const { data } = useQuery({
    queryKey: browserKeys.thumbs(bucket, keys),
    queryFn: ({ signal }) => bucketReads.thumbnails(bucket, keys, signal),
    enabled: enabled && !direct && link.origin !== null && keys.length > 0,
    staleTime: 30 * 60_000,
  });
  if (direct) return Object.fromEntries(keys.map((k) => [k, objectUrl(link.origin!, k, thumbnailFop())]));
  return data ?? {};
}
