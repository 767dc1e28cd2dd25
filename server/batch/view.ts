import "server-only";
// Jobs and items as the Batch page sees them (lib/batch/view.ts).
import { isDestructive, isUndoable } from "@/lib/batch/spec";
import type { BatchItemView, BatchJobSummary, BatchJobView } from "@/lib/batch/view";
import type { Queryable } from "@/server/db";
import type { BatchJobRecord } from "./jobs-store";
import { countByStatus, countPlan, type BatchItemRecord } from "./items-store";

export async function jobView(db: Queryable, job: BatchJobRecord, now = Date.now()): Promise<BatchJobView> {
  const counts = await countByStatus(db, job.id);
  const running = job.status === "running" || job.status === "cancelling";
  // The plan breakdown reads every item's columns: skip it while a run is busy writing them.
  const plan = job.plannedAt && !running ? await countPlan(db, job.id) : null;
  let rate: number | null = null;
  if (job.runStartedAt) {
    const seconds = ((running ? now : (job.finishedAt?.getTime() ?? now)) - job.runStartedAt.getTime()) / 1000;
    const processed = counts.done + counts.failed - job.runBase;
    rate = seconds > 0 ? Math.max(0, processed) / seconds : null;
  }
  const { total, pending, inflight, done, failed, skipped } = counts;
  return {
    id: job.id,
    createdAt: job.createdAt.toISOString(),
    createdByEmail: job.createdByEmail,
    runByEmail: job.runBy?.email ?? null,
    bucket: job.bucket,
    scope: { bucket: job.bucket, prefix: job.scopePrefix ?? "" },
    source: job.source,
    operation: job.operation,
    status: job.status,
    planned: job.plannedAt !== null,
    counts: { total, pending, inflight, done, failed, skipped },
    plan,
    rate,
    runs: job.runs,
    runStartedAt: job.runStartedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    error: job.error,
    undoOf: job.undoOf,
    undoneBy: job.undoneBy,
    destructive: isDestructive(job.operation),
    undoable: isUndoable(job.operation) && job.status === "done" && job.undoneBy === null && done > 0,
  };
}

export function jobSummary(job: BatchJobRecord): BatchJobSummary {
  return {
    id: job.id,
    createdAt: job.createdAt.toISOString(),
    createdByEmail: job.createdByEmail,
    bucket: job.bucket,
    source: job.source,
    operation: job.operation,
    status: job.status,
  };
}

export function itemView(item: BatchItemRecord): BatchItemView {
  return {
    seq: item.seq,
    bucket: item.bucket,
    key: item.key,
    targetBucket: item.targetBucket,
    targetKey: item.targetKey,
    skip: item.skip,
    check: item.check,
    status: item.status,
    code: item.code,
    message: item.message,
    data: item.data,
    attempts: item.attempts,
  };
}
