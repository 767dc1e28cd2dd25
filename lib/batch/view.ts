// What the Batch page receives about a job and its items (JSON from the batch route handlers). Pure types and
// the few derived facts both sides need.
import type { PlanCheck } from "./plan";
import type { BatchOperation, BatchSource } from "./spec";

export type JobStatusName = "draft" | "listing" | "checking" | "planned" | "running" | "cancelling" | "cancelled" | "interrupted" | "done" | "failed";
export type ItemStatusName = "pending" | "inflight" | "done" | "failed" | "skipped";
export type ItemFilterName = "all" | "pending" | "done" | "failed" | "skipped" | "attention";

export interface JobCounts {
  total: number;
  pending: number;
  inflight: number;
  done: number;
  failed: number;
  skipped: number;
}

/** BatchJobView.error of a run its user may no longer do (translated on the page). */
export const RUN_REFUSED = "run_refused";

export interface BatchJobView {
  id: string;
  createdAt: string;
  createdByEmail: string;
  /** Who the current (or last) run acts for: whoever started, resumed or retried it. */
  runByEmail: string | null;
  bucket: string;
  /** Job actions are checked against this bucket and prefix (see server/actions/batch.ts). */
  scope: { bucket: string; prefix: string };
  source: BatchSource;
  operation: BatchOperation;
  status: JobStatusName;
  planned: boolean;
  counts: JobCounts;
  /** The dry run's findings (once planned). */
  plan: { checks: Record<PlanCheck | "unchecked", number>; skips: Record<string, number> } | null;
  /** Items finished per second in the current run. */
  rate: number | null;
  runs: number;
  runStartedAt: string | null;
  finishedAt: string | null;
  /** What stopped the job; RUN_REFUSED: its run's user lost the rights it needs (or was disabled) before it began. */
  error: string | null;
  undoOf: string | null;
  undoneBy: string | null;
  destructive: boolean;
  undoable: boolean;
}

/** A job in the recent jobs list (no counts: counting every job's items on each visit would be costly). */
export type BatchJobSummary = Pick<BatchJobView, "id" | "createdAt" | "createdByEmail" | "bucket" | "source" | "operation" | "status">;

export interface BatchItemView {
  seq: number;
  bucket: string;
  key: string;
  targetBucket: string | null;
  targetKey: string | null;
  skip: string | null;
  check: PlanCheck | null;
  status: ItemStatusName;
  code: number | null;
  message: string | null;
  data: Record<string, unknown> | null;
  /** How many times the item was sent (more than 1 after retries). */
  attempts: number;
}

export interface BatchItemsPage {
  total: number;
  offset: number;
  items: BatchItemView[];
}

/** What a typed confirmation must name: the number of items the run will send. */
export function confirmationCount(job: Pick<BatchJobView, "counts">): number {
  return job.counts.pending + job.counts.inflight;
}

/** States in which the page keeps polling. */
export function isBusy(status: JobStatusName): boolean {
  return status === "listing" || status === "checking" || status === "running" || status === "cancelling";
}
