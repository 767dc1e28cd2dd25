import "server-only";
// The dry run: list a prefix into the database page by page (never the whole bucket in memory), then stat sources
// and targets in batches to find conflicts before anything changes.
import { checkItem, commonPrefix, planItems, type PlanCheck, type PlannedItem, type SourceKey } from "@/lib/batch/plan";
import { itemAllowed } from "@/lib/batch/scope";
import { hasTarget, type BatchOperation } from "@/lib/batch/spec";
import { statOp } from "@/lib/qiniu/ops";
import type { Principal } from "@/lib/permissions";
import type { Queryable } from "@/server/db";
import type { BatchDeps } from "./deps";
import { statBatch } from "./stat";
import { getJob, updateJob, type BatchJobRecord } from "./jobs-store";
import { analyzeItems, insertItems, nextSeq, setChecks, skipDuplicateTargets, uncheckedItems, type BatchItemRecord } from "./items-store";

const LIST_PAGE = 1000;

/** Plans source keys and skips those outside the user's scopes. */
export function planWithinScope(principal: Principal, op: BatchOperation, bucket: string, sources: readonly SourceKey[]): PlannedItem[] {
  return planItems(op, bucket, sources).map((item) => (item.skip === null && !itemAllowed(principal, op, item) ? { ...item, skip: "forbidden" } : item));
}

/**
 * Appends keys to a job's plan (pasted, uploaded or selected keys; also each listed page). For explicit keys it also
 * narrows the job's scope prefix to what all its keys share; returns the job as it now is.
 */
export async function appendKeys(db: Queryable, job: BatchJobRecord, sources: readonly SourceKey[], check: PlanCheck | null = null): Promise<BatchJobRecord> {
  const items = planWithinScope(job.principal, job.operation, job.bucket, sources);
  await insertItems(db, job.id, await nextSeq(db, job.id), items, check);
  if (job.source.kind === "prefix" || sources.length === 0) return job;
  const scopePrefix =
    commonPrefix(
      sources.map((s) => s.key),
      job.scopePrefix,
    ) ?? "";
  if (scopePrefix !== job.scopePrefix) await updateJob(db, job.id, { scopePrefix });
  return { ...job, scopePrefix };
}

/**
 * Lists the job's prefix from its saved marker on. Each page and the marker after it are written in one transaction,
 * so a crash between pages neither loses nor repeats a page. Returns false when stopped early.
 */
export async function listIntoJob(deps: BatchDeps, jobId: string, stopped: () => boolean): Promise<boolean> {
  let job = await getJob(deps.db, jobId);
  if (!job || job.source.kind !== "prefix") return true;
  const prefix = job.source.prefix;
  // Listed objects exist; without a target nothing remains to check.
  const check: PlanCheck | null = hasTarget(job.operation) ? null : "ok";
  while (!job.listDone) {
    if (stopped()) return false;
    const page = await deps.qiniu.list({ bucket: job.bucket, prefix, marker: job.listMarker ?? "", limit: LIST_PAGE });
    const current: BatchJobRecord = job;
    await deps.db.transaction(async (tx) => {
      await appendKeys(
        tx,
        current,
        page.items.map((i) => ({ key: i.key })),
        check,
      );
      await updateJob(tx, jobId, { listMarker: page.marker ?? "", listDone: !page.marker, heartbeat: true });
    });
    job = { ...job, listMarker: page.marker ?? "", listDone: !page.marker };
  }
  return true;
}

/** Stats every unchecked item (source unless it was just listed, target when the op has one), in parallel batches. */
export async function checkJobItems(deps: BatchDeps, jobId: string, stopped: () => boolean): Promise<boolean> {
  const job = await getJob(deps.db, jobId);
  if (!job) return true;
  await analyzeItems(deps.db);
  await skipDuplicateTargets(deps.db, jobId);
  const statSource = job.source.kind !== "prefix";
  const statTarget = hasTarget(job.operation);
  const perItem = Number(statSource) + Number(statTarget);
  if (perItem === 0) {
    await deps.db.query(`UPDATE batch_items SET "check" = 'ok' WHERE job_id = $1 AND skip IS NULL AND "check" IS NULL`, [jobId]);
    return true;
  }
  const perRequest = Math.floor(deps.chunkSize / perItem);
  for (let after = -1; ;) {
    if (stopped()) return false;
    const items = await uncheckedItems(deps.db, jobId, after, perRequest * deps.concurrency);
    if (items.length === 0) return true;
    const groups: BatchItemRecord[][] = [];
    for (let i = 0; i < items.length; i += perRequest) groups.push(items.slice(i, i + perRequest));
    await Promise.all(groups.map((group) => checkGroup(deps, job, group, statSource, statTarget)));
    await updateJob(deps.db, jobId, { heartbeat: true });
    after = items[items.length - 1].seq;
  }
}

async function checkGroup(deps: BatchDeps, job: BatchJobRecord, items: BatchItemRecord[], statSource: boolean, statTarget: boolean) {
  const ops: string[] = [];
  for (const item of items) {
    if (statSource) ops.push(statOp(item.bucket, item.key));
    if (statTarget) ops.push(statOp(item.targetBucket!, item.targetKey!));
  }
  const results = await statBatch(deps, ops);
  let i = 0;
  const checks = items.map((item) => {
    const sourceExists = statSource ? results[i++].code === 200 : undefined;
    const targetExists = statTarget ? results[i++].code === 200 : undefined;
    return { seq: item.seq, check: checkItem(job.operation, sourceExists, targetExists) };
  });
  await setChecks(deps.db, job.id, checks);
}
