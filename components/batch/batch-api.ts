// Reads for the Batch page (GET route handlers under /api/batch), with react-query's signal. Changes go through the server actions.
import { getJson } from "@/lib/actions/get-json";
import type { BatchItemsPage, BatchJobSummary, BatchJobView, ItemFilterName } from "@/lib/batch/view";

export const fetchJob = (jobId: string, signal?: AbortSignal) => getJson<BatchJobView>(`/api/batch/jobs/${jobId}`, {}, signal);
export const fetchJobs = ({ signal }: { signal?: AbortSignal } = {}) => getJson<BatchJobSummary[]>("/api/batch/jobs", {}, signal);

export function fetchItems(jobId: string, filter: ItemFilterName, offset: number, limit: number, signal?: AbortSignal) {
  return getJson<BatchItemsPage>(`/api/batch/jobs/${jobId}/items`, { filter, offset, limit }, signal);
}

export function exportHref(jobId: string, filter: ItemFilterName = "all"): string {
  return `/api/batch/jobs/${jobId}/export${filter === "all" ? "" : `?filter=${filter}`}`;
}

/** The `{ jobId, bucket, prefix }` every job action takes (checked against the caller's scopes). */
export function jobRef(job: Pick<BatchJobView, "id" | "scope">) {
  return { jobId: job.id, bucket: job.scope.bucket, prefix: job.scope.prefix };
}
