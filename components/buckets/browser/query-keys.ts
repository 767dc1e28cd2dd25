// react-query keys of the browser. Everything about one bucket sits under ["browser", bucket] so a change can
// invalidate exactly the listings that show a key.
export const browserKeys = {
  bucket: (bucket: string) => ["browser", bucket] as const,
  objects: (bucket: string, listPrefix: string) => ["browser", bucket, "objects", listPrefix] as const,
  index: (bucket: string, listPrefix: string) => ["browser", bucket, "index", listPrefix] as const,
  stat: (bucket: string, key: string) => ["browser", bucket, "stat", key] as const,
  text: (bucket: string, key: string) => ["browser", bucket, "text", key] as const,
  link: (bucket: string, key: string, expiresIn: number, download: boolean) => ["browser", bucket, "link", key, expiresIn, download] as const,
  thumbs: (bucket: string, keys: readonly string[]) => ["browser", bucket, "thumbs", ...keys] as const,
  stats: (bucket: string, prefix: string) => ["browser", bucket, "stats", prefix] as const,
};

/** Does the listing query `queryKey` (of `bucket`) show `key`, i.e. does key start with its list prefix? */
export function listingShows(queryKey: readonly unknown[], bucket: string, key: string): boolean {
  return queryKey[0] === "browser" && queryKey[1] === bucket && queryKey[2] === "objects" && typeof queryKey[3] === "string" && key.startsWith(queryKey[3]);
}
