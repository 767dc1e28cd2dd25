import "server-only";
// Settles the in-flight items of an interrupted job from the objects' current state (lib/batch/reconcile.ts).
import { inflightVerdict, statsNeeded, type StatAnswer } from "@/lib/batch/reconcile";
import { statOp } from "@/lib/qiniu/ops";
import { auditChunk } from "./audit";
import type { BatchDeps, BatchItemResult } from "./deps";
import { statBatch } from "./stat";
import type { BatchJobRecord } from "./jobs-store";
import { assertHolder, clearOpenChunks, inflightItems, type LeaseHolder } from "./chunks-store";
import { recordOutcomes, type BatchItemRecord, type ItemOutcome } from "./items-store";

/**
 * Marks each in-flight item done, pending (to send again) or failed; returns how many are still undecided. With
 * `holder`, outcomes are written only while that runner holds the job (LeaseLost otherwise).
 */
export async function reconcileInflight(deps: BatchDeps, job: BatchJobRecord, holder?: LeaseHolder): Promise<number> {
  const items = await inflightItems(deps.db, job.id);
  if (items.length === 0) return 0;
  const need = statsNeeded(job.operation);
  const perItem = Number(need.source) + Number(need.target);
  if (perItem === 0) {
    await clearOpenChunks(deps.db, job.id);
    return 0;
  }
  const perRequest = Math.floor(deps.chunkSize / perItem);
  let undecided = 0;
  for (let i = 0; i < items.length; i += perRequest) {
    undecided += await reconcileGroup(deps, job, items.slice(i, i + perRequest), need, holder);
  }
  // Every in-flight item is now done, failed or pending again: the chunks are closed. (Undecided ones keep theirs.)
  if (undecided === 0) await clearOpenChunks(deps.db, job.id);
  return undecided;
}

async function reconcileGroup(
  deps: BatchDeps,
  job: BatchJobRecord,
  items: BatchItemRecord[],
  need: { source: boolean; target: boolean },
  holder?: LeaseHolder,
) {
  const ops: string[] = [];
  for (const item of items) {
    if (need.source) ops.push(statOp(item.bucket, item.key));
    if (need.target) ops.push(statOp(item.targetBucket!, item.targetKey!));
  }
  const answers = await statBatch(deps, ops);
  let n = 0;
  const outcomes: ItemOutcome[] = [];
  for (const item of items) {
    const source = need.source ? toStat(answers[n++]) : undefined;
    const target = need.target ? toStat(answers[n++]) : undefined;
    const verdict = inflightVerdict(job.operation, source, target);
    if (verdict.status === "done") outcomes.push({ seq: item.seq, status: "done", code: 200, message: null, data: { verifiedAfterInterruption: true } });
    else if (verdict.status === "pending")
      outcomes.push({ seq: item.seq, status: "pending", code: null, message: null }); // not applied: send again
    else if (verdict.status === "failed") outcomes.push({ seq: item.seq, status: "failed", code: verdict.code, message: "no such file or directory" });
  }
  // The changes found applied were made by the run's user: audited with them (the answers were lost in the crash).
  await deps.db.transaction(async (tx) => {
    await assertHolder(tx, job.id, holder);
    await recordOutcomes(tx, job.id, outcomes);
    await auditChunk(tx, job, outcomes, true);
  });
  return items.length - outcomes.length;
}

function toStat(result: BatchItemResult | undefined): StatAnswer | undefined {
  if (!result) return undefined;
  const data = (result.data ?? {}) as { hash?: string; restoreStatus?: number };
  return { code: result.code, hash: data.hash, restoreStatus: data.restoreStatus };
}
