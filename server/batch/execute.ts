import "server-only";
// Sends a job's pending items to Qiniu in chunks of ≤1000 ops, a bounded number of requests at once. Each chunk is
// marked in-flight in the database (batch_chunks) before it is sent; its per-item answers (200, or 298 with codes) are
// recorded and the mark removed in one transaction after.
import { itemOp } from "@/lib/batch/item-op";
import { itemAllowed } from "@/lib/batch/scope";
import type { Principal } from "@/lib/permissions";
import { QiniuError } from "@/lib/qiniu/errors";
import type { BatchOperation } from "@/lib/batch/spec";
import type { BatchDeps, BatchItemResult } from "./deps";
import { auditChunk, REFUSED_CODE } from "./audit";
import { getJob, jobStatus, type BatchJobRecord } from "./jobs-store";
import { claimChunk, LeaseLost, recordChunk, releaseChunk, type Chunk, type ClaimedItem, type LeaseHolder } from "./chunks-store";
import { foldDoneChunks, type ItemOutcome } from "./items-store";

const STATUS_CHECK_MS = 100;

/** `lost`: the lease lapsed and the job may belong to another instance now: the caller writes nothing more about it. */
export type ExecuteResult =
  { outcome: "finished" } | { outcome: "cancelled" } | { outcome: "stopped" } | { outcome: "lost" } | { outcome: "error"; error: unknown };

/**
 * Sends items as `rights` allow (the run's user's current rights: items outside them are recorded as refused, never
 * sent), each chunk audited as it is recorded. Runs until no item is pending, the job is cancelled (status
 * `cancelling`, possibly set by another instance), `stopped()` turns true (shutdown), a request fails as a whole, or
 * the lease of `holder` is found lost (each chunk is marked, and its answers recorded, only while the lease holds).
 */
export async function executePending(deps: BatchDeps, jobId: string, stopped: () => boolean, rights: Principal, holder?: LeaseHolder): Promise<ExecuteResult> {
  const job = await getJob(deps.db, jobId);
  if (!job) return { outcome: "cancelled" };
  // A new walk from the start: the items of chunks marked done by an earlier walk must not read as pending to it.
  await foldDoneChunks(deps.db, jobId);
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let lost = false;
  const fail = (error: unknown) => {
    if (error instanceof LeaseLost) lost = true;
    failure ??= { error };
  };
  let result: ExecuteResult = { outcome: "finished" };
  let cursor = -1;
  let statusCheckedAt = -Infinity;
  for (;;) {
    while (inFlight.size >= deps.concurrency) await Promise.race(inFlight);
    if (failure) break;
    if (stopped()) {
      result = { outcome: "stopped" };
      break;
    }
    // A cancel may come from another console instance: look at the job's status every STATUS_CHECK_MS.
    if (performance.now() - statusCheckedAt >= STATUS_CHECK_MS) {
      if ((await jobStatus(deps.db, jobId)) !== "running") {
        result = { outcome: "cancelled" };
        break;
      }
      statusCheckedAt = performance.now();
    }
    let chunk: Chunk | undefined;
    try {
      chunk = await claimChunk(deps.db, jobId, cursor, deps.chunkSize, holder);
    } catch (error) {
      fail(error);
      break;
    }
    if (!chunk) break;
    cursor = chunk.items[chunk.items.length - 1].seq;
    const sending = sendChunk(deps, job, rights, chunk, holder)
      .catch(fail)
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  }
  await Promise.all(inFlight);
  if (lost) return { outcome: "lost" };
  return failure ? { outcome: "error", error: failure.error } : result;
}

async function sendChunk(deps: BatchDeps, job: BatchJobRecord, rights: Principal, chunk: Chunk, holder?: LeaseHolder): Promise<void> {
  const op = job.operation;
  const refused: ItemOutcome[] = [];
  const items: ClaimedItem[] = [];
  for (const item of chunk.items) {
    if (itemAllowed(rights, op, item)) items.push(item);
    else refused.push({ seq: item.seq, status: "failed", code: REFUSED_CODE, message: "forbidden: outside the scopes of the user running the job" });
  }
  let answers: BatchItemResult[] = [];
  try {
    if (items.length) answers = await deps.qiniu.batch(items.map((item) => itemOp(op, item)));
  } catch (err) {
    // Refused as a whole before any op ran (bad request, credentials, scope): nothing happened, the items stay pending.
    // Otherwise (timeout, network, 5xx) the ops may have run: the chunk stays open and is settled by stat.
    if (err instanceof QiniuError && err.status >= 400 && err.status < 500) await releaseChunk(deps.db, job.id, chunk.firstSeq);
    throw err;
  }
  if (answers.length !== items.length) throw new Error(`Qiniu answered ${answers.length} results for ${items.length} operations`);
  const outcomes = [...refused, ...items.map((item, i) => outcomeOf(op, item, answers[i]))].sort((a, b) => a.seq - b.seq);
  await recordChunk(deps.db, job.id, chunk.firstSeq, outcomes, (tx) => auditChunk(tx, job, outcomes), holder);
}

function outcomeOf(op: BatchOperation, item: ClaimedItem, answer: BatchItemResult): ItemOutcome {
  if (answer.code === 200) return { seq: item.seq, status: "done", code: 200, message: null, data: op.op === "stat" ? answer.data : undefined };
  return { seq: item.seq, status: "failed", code: answer.code, message: answer.error ?? errorText(answer.data) ?? null };
}

function errorText(data: unknown): string | undefined {
  if (data && typeof data === "object" && "error" in data && typeof (data as { error: unknown }).error === "string") return (data as { error: string }).error;
  return undefined;
}
