"use client";

import { useInfiniteQuery, type InfiniteData } from "@tanstack/react-query";
import { unwrap } from "@/components/ui/action-call";
import { isActive } from "@/lib/processing/view";
import { listPfopJobs, type PfopJobPage } from "@/server/actions/processing";

export const pfopKeys = {
  jobs: ["pfop", "jobs"] as const,
};

/** While any listed job is waiting or processing, the list is re-read this often (the server asks Qiniu via prefop). */
export const POLL_MS = 2_000;

export function hasActiveJobs(data: InfiniteData<PfopJobPage> | undefined): boolean {
  return Boolean(data?.pages.some((p) => p.jobs.some((j) => isActive(j.code))));
}

/** The job list, newest first, paged with `before`; polls while something is still running. */
export function useJobs(initial: PfopJobPage | null) {
  return useInfiniteQuery({
    queryKey: pfopKeys.jobs,
    queryFn: ({ pageParam }) => unwrap(listPfopJobs({ limit: 30, before: pageParam ?? undefined })),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    ...(initial ? { initialData: { pages: [initial], pageParams: [null] } } : {}),
    staleTime: 0,
    refetchInterval: (query) => (hasActiveJobs(query.state.data) ? POLL_MS : false),
  });
}
