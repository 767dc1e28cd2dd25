import "server-only";
// Batch jobs in the audit log, always under the user the run acts for (batch-jobs-store.ts runActor), never simply the
// creator: one record per chunk, written in the same transaction as the chunk's answers (so a crash never leaves a
// recorded change unaudited, and the changes of a chunk whose answers were lost are audited when they are settled
// after the restart), and one summary record when a run ends.
import { recordAudit, type AuditOutcome } from "@/server/audit/log";
import type { Queryable } from "@/server/db";
import { runActor, type BatchJobRecord, type JobActor } from "./jobs-store";
import type { ItemOutcome, StatusCounts } from "./items-store";

/** Where a job's item results are shown (the audit record links here). */
export function jobItemsLink(jobId: string): string {
  return `/batch?job=${jobId}`;
}

/** Code of items the run's user may not touch: recorded failed, never sent. */
export const REFUSED_CODE = 403;

function actorOf(a: JobActor) {
  return { id: a.id, email: a.email, role: a.role };
}

function targetOf(job: BatchJobRecord, total: number): string {
  return job.source.kind === "prefix" ? job.source.prefix : `${total} objects`;
}

/**
 * The record of one chunk's answers: how many items were done, failed or refused (outside the user's scopes), with the
 * items' seq range (they are listed behind the link). `verified`: settled from the objects' state after an interruption.
 */
export async function auditChunk(q: Queryable, job: BatchJobRecord, outcomes: readonly ItemOutcome[], verified = false): Promise<void> {
  const settled = outcomes.filter((o) => o.status !== "pending");
  if (settled.length === 0) return;
  const done = settled.filter((o) => o.status === "done").length;
  const refused = settled.filter((o) => o.status === "failed" && o.code === REFUSED_CODE).length;
  const failed = settled.length - done - refused;
  const seqs = settled.map((o) => o.seq);
  const outcome: AuditOutcome = failed + refused === 0 ? "ok" : done === 0 && failed === 0 ? "denied" : "error";
  await recordAudit(
    {
      actor: actorOf(runActor(job)),
      action: "batch.chunk",
      bucket: job.bucket,
      target: targetOf(job, settled.length),
      params: {
        jobId: job.id,
        op: job.operation.op,
        run: job.runs,
        seq: [Math.min(...seqs), Math.max(...seqs)],
        counts: { done, failed, refused },
        ...(verified ? { verifiedAfterInterruption: true } : {}),
        items: jobItemsLink(job.id),
      },
      outcome,
      errorMessage: outcome === "ok" ? null : `${failed} failed, ${refused} refused of ${settled.length} items`,
    },
    q,
  );
}

/** A run refused when it was about to start: its user was disabled, removed, or lost the scopes it needs. */
export async function auditRunRefused(q: Queryable, job: BatchJobRecord, reason: string): Promise<void> {
  await recordAudit(
    {
      actor: actorOf(runActor(job)),
      action: "batch.run",
      bucket: job.bucket,
      target: targetOf(job, 0),
      params: { jobId: job.id, run: job.runs },
      outcome: "denied",
      errorMessage: reason,
    },
    q,
  );
}

/** The summary record: who, what, on which bucket/prefix, the counts, and a link to the items. */
export const auditRunEnd =
  (db: Queryable) =>
  async (job: BatchJobRecord, counts: StatusCounts): Promise<void> => {
    const notRun = counts.pending + counts.inflight;
    await recordAudit(
      {
        actor: actorOf(runActor(job)),
        action: job.undoOf ? "batch.undo" : "batch.run",
        bucket: job.bucket,
        target: targetOf(job, counts.total),
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
