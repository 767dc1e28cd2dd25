import "server-only";
// One audit record per job run, written when the run ends (done or cancelled).
import { recordAudit } from "@/server/audit";
import type { Queryable } from "@/server/db";
import type { BatchJobRecord } from "./batch-jobs-store";
import type { StatusCounts } from "./batch-items-store";

/** Where a job's item results are shown (the audit record links here). */
export function jobItemsLink(jobId: string): string {
  return `/batch?job=${jobId}`;
}

/** The record: who, what, on which bucket/prefix, the counts, and a link to the items. */
export const auditRunEnd = (db: Queryable) => async (job: BatchJobRecord, counts: StatusCounts): Promise<void> => {
  const notRun = counts.pending + counts.inflight;
  await recordAudit(
    {
      actor: { id: job.createdBy, email: job.createdByEmail, role: job.principal.role },
      action: job.undoOf ? "batch.undo" : "batch.run",
      bucket: job.bucket,
      target: job.source.kind === "prefix" ? job.source.prefix : `${counts.total} objects`,
      params: {
        jobId: job.id,
        operation: job.operation,
        source: job.source.kind,
        status: job.status,
        run: job.runs,
        counts: { total: counts.total, done: counts.done, failed: counts.failed, skipped: counts.skipped, notRun },
        items: jobItemsLink(job.id),
        ...(job.undoOf ? { undoOf: job.undoOf } : {}),
      },
      outcome: counts.failed > 0 || job.status !== "done" ? "error" : "ok",
      errorMessage: counts.failed > 0 ? `${counts.failed} of ${counts.total} items failed` : job.status !== "done" ? `job ${job.status}` : null,
    },
    db,
  );
};
