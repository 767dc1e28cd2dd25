"use client";

import { useInfiniteQuery, type InfiniteData } from "@tanstack/react-query";
import { usePolling } from "@/components/ui/use-polling";
import { getJson } from "@/lib/actions/get-json";
import { isActive } from "@/lib/processing/view";
import type { PfopJobPage } from "@/server/processing/reads";

export const pfopKeys = {
  jobs: ["pfop", "jobs"] as const,
};

/** While any listed job is waiting or processing, the list is re-read, from this often (the server asks Qiniu via prefop). */
export const POLL_MS = 1_000;

export function hasActiveJobs(data: InfiniteData<PfopJobPage> | undefined): boolean {
  return Boolean(data?.pages.some((p) => p.jobs.some((j) => isActive(j.code))));
}

/** The job list, newest first, paged with `before`; polls while something is still running. */
export function useJobs(initial: PfopJobPage | null) {
  return useInfiniteQuery({
    queryKey: pfopKeys.jobs,
    queryFn: ({ pageParam, signal }) => getJson<PfopJobPage>("/api/processing/jobs", { limit: 30, before: pageParam ?? undefined }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    ...(initial ? { initialData: { pages: [initial], pageParams: [null] } } : {}),
    staleTime: 0,
    // From 1 s, doubling to 30 s while nothing changes; paused in background tabs.
    ...usePolling<InfiniteData<PfopJobPage>>({ minMs: POLL_MS, while: hasActiveJobs }),
  });
}
