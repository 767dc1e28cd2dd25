"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { isBusy, type BatchJobView } from "@/lib/batch/view";
import { usePolling } from "../ui/use-polling";
import { fetchJob, fetchJobs } from "./batch-api";

export const jobKey = (jobId: string) => ["batch-job", jobId] as const;
export const itemsKey = (jobId: string) => ["batch-items", jobId] as const;

/**
 * The job, polled while it is listing, checking, running or cancelling: every second while its counts move, slower
 * (to 30 s) while they stand still, paused in background tabs.
 */
export function useBatchJob(jobId: string) {
  return useQuery({
    queryKey: jobKey(jobId),
    queryFn: ({ signal }) => fetchJob(jobId, signal),
    staleTime: 0,
    ...usePolling<BatchJobView>({ while: (d) => Boolean(d && isBusy(d.status)) }),
  });
}

export function useRecentJobs() {
  return useQuery({ queryKey: ["batch-jobs"], queryFn: fetchJobs, staleTime: 5000 });
}

/** After an action: show its answer at once and reload the item pages. */
export function useJobRefresh() {
  const client = useQueryClient();
  return (job?: BatchJobView) => {
    if (job) client.setQueryData(jobKey(job.id), job);
    void client.invalidateQueries({ queryKey: job ? itemsKey(job.id) : ["batch-items"] });
    void client.invalidateQueries({ queryKey: ["batch-jobs"] });
  };
}
