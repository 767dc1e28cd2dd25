// The bucket browser's reads: GET routes under /api/buckets/[bucket]/ (server/buckets/reads.ts), called with
// react-query's signal so leaving cancels them.
import { getJson } from "@/lib/actions/get-json";
import type { ListPage } from "@/lib/buckets/listing";
import type { PrefixStats } from "@/server/batch/prefix-stats";
import type { ObjectDetails } from "@/server/buckets/reads";
import type { ObjectText } from "@/server/buckets/object-text";

const base = (bucket: string) => `/api/buckets/${encodeURIComponent(bucket)}`;

export const bucketReads = {
  list: (bucket: string, q: { prefix: string; marker?: string; limit?: number }, signal?: AbortSignal) =>
    getJson<ListPage>(`${base(bucket)}/objects`, q, signal),
  stat: (bucket: string, key: string, signal?: AbortSignal) => getJson<ObjectDetails>(`${base(bucket)}/object`, { key }, signal),
  thumbnails: (bucket: string, keys: string[], signal?: AbortSignal) => getJson<Record<string, string>>(`${base(bucket)}/thumbnails`, { keys }, signal),
  preview: (bucket: string, key: string, signal?: AbortSignal) => getJson<ObjectText>(`${base(bucket)}/preview`, { key }, signal),
  prefixStats: (bucket: string, prefix: string, signal?: AbortSignal) => getJson<PrefixStats | null>(`${base(bucket)}/prefix-stats`, { prefix }, signal),
};
