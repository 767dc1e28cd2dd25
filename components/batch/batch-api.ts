// Reads for the Batch page (GET route handlers under /api/batch). Changes go through the server actions.
import type { BatchItemsPage, BatchJobSummary, BatchJobView, ItemFilterName } from "@/lib/batch/view";

export class BatchApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function get<T>(url: string): Promise<T> {
  const res = await fetch(url, { cache: "no-store" });
  const body = (await res.json().catch(() => null)) as { ok: boolean; data?: T; error?: { message: string } } | null;
  if (!res.ok || !body?.ok) throw new BatchApiError(body?.error?.message ?? `HTTP ${res.status}`, res.status);
  return body.data as T;
}

export const fetchJob = (jobId: string) => get<BatchJobView>(`/api/batch/jobs/${jobId}`);
export const fetchJobs = () => get<BatchJobSummary[]>("/api/batch/jobs");

export function fetchItems(jobId: string, filter: ItemFilterName, offset: number, limit: number) {
  return get<BatchItemsPage>(`/api/batch/jobs/${jobId}/items?${new URLSearchParams({ filter, offset: String(offset), limit: String(limit) })}`);
}

export function exportHref(jobId: string, filter: ItemFilterName = "all"): string {
  return `/api/batch/jobs/${jobId}/export${filter === "all" ? "" : `?filter=${filter}`}`;
}

/** The `{ jobId, bucket, prefix }` every job action takes (checked against the caller's scopes). */
export function jobRef(job: Pick<BatchJobView, "id" | "scope">) {
  return { jobId: job.id, bucket: job.scope.bucket, prefix: job.scope.prefix };
}
