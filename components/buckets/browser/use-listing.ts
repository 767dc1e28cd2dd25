"use client";

import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useCallback, useMemo, useRef } from "react";
import {
  EMPTY_INDEX,
  FIRST_PAGE,
  MAX_LOADED_PAGES,
  nextParam,
  pageAt,
  previousParam,
  recordPage,
  windowLayout,
  type ListPage,
  type ListingIndex,
  type PageParam,
} from "@/lib/buckets/listing";
import { browserKeys } from "./query-keys";
import { bucketReads } from "./reads";

export interface InitialListing {
  listPrefix: string;
  page: ListPage;
}

/**
 * One folder listing as a bounded window of pages (lib/buckets/listing.ts): react-query keeps at most MAX_LOADED_PAGES
 * pages; a small index query remembers every page's start marker and size, so dropped pages keep their place and
 * load again when scrolled back to. The first page comes from the server component.
 */
export function useListing(bucket: string, listPrefix: string, initial?: InitialListing) {
  const qc = useQueryClient();
  const seed = initial && initial.listPrefix === listPrefix ? initial.page : undefined;
  const indexKey = browserKeys.index(bucket, listPrefix);
  const objectsKey = browserKeys.objects(bucket, listPrefix);

  const { data: index } = useQuery<ListingIndex>({
    queryKey: indexKey,
    // Written by the page fetches below, never fetched itself.
    queryFn: () => qc.getQueryData<ListingIndex>(indexKey) ?? EMPTY_INDEX,
    initialData: () => (seed ? recordPage(EMPTY_INDEX, FIRST_PAGE, seed) : EMPTY_INDEX),
    staleTime: Infinity,
  });

  const fetchPage = useCallback(
    async (param: PageParam, signal?: AbortSignal) => {
      const page = await bucketReads.list(bucket, { prefix: listPrefix, marker: param.marker || undefined }, signal);
      if (!signal?.aborted) qc.setQueryData<ListingIndex>(indexKey, (old) => recordPage(old ?? EMPTY_INDEX, param, page));
      return page;
    },
    // indexKey is rebuilt each render from these two.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [qc, bucket, listPrefix],
  );

  const query = useInfiniteQuery<ListPage, Error, InfiniteData<ListPage, PageParam>, readonly unknown[], PageParam>({
    queryKey: objectsKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam, signal),
    initialPageParam: FIRST_PAGE,
    getNextPageParam: (last, _all, lastParam) => nextParam(lastParam, last),
    getPreviousPageParam: (_first, _all, firstParam) => previousParam(qc.getQueryData<ListingIndex>(indexKey) ?? EMPTY_INDEX, firstParam),
    maxPages: MAX_LOADED_PAGES,
    initialData: seed ? { pages: [seed], pageParams: [FIRST_PAGE] } : undefined,
  });

  const layout = useMemo(() => windowLayout(index ?? EMPTY_INDEX, query.data?.pageParams ?? [], query.data?.pages ?? []), [index, query.data]);

  const { isFetching, hasNextPage, hasPreviousPage, isFetchNextPageError, isFetchPreviousPageError, fetchNextPage, fetchPreviousPage } = query;
  const params = query.data?.pageParams;
  const jumping = useRef(false);

  /**
   * Rows at `position` are on screen but not in memory. The neighbouring page loads through react-query; a far
   * jump (the scrollbar dragged, Home, End) replaces the window with the one page there, from its known marker.
   */
  const need = useCallback(
    async (where: "before" | "after", position: number, allowNext: boolean) => {
      // One request at a time (a second would cancel the first), and no automatic retry loop after an error.
      if (isFetching || jumping.current || !params?.length) return;
      const target = pageAt(index ?? EMPTY_INDEX, position);
      const first = params[0].index;
      const last = params[params.length - 1].index;
      if (target >= 0 && (target < first - 1 || target > last + 1)) {
        const param = { index: target, marker: (index ?? EMPTY_INDEX).pages[target].marker };
        jumping.current = true;
        try {
          await qc.cancelQueries({ queryKey: objectsKey });
          const page = await fetchPage(param);
          qc.setQueryData<InfiniteData<ListPage, PageParam>>(objectsKey, { pages: [page], pageParams: [param] });
        } catch {
          // The placeholders stay; the next scroll over them tries again.
        } finally {
          jumping.current = false;
        }
        return;
      }
      if (where === "after" && allowNext && hasNextPage && !isFetchNextPageError) await fetchNextPage();
      if (where === "before" && hasPreviousPage && !isFetchPreviousPageError) await fetchPreviousPage();
    },
    // objectsKey is rebuilt each render from bucket and listPrefix, which fetchPage depends on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [isFetching, params, index, qc, fetchPage, hasNextPage, hasPreviousPage, isFetchNextPageError, isFetchPreviousPageError, fetchNextPage, fetchPreviousPage],
  );

  return { query, layout, need };
}
