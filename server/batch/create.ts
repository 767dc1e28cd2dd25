import "server-only";
// Creating jobs: from keys or a prefix (then planned in the background), and undo jobs from a finished move/rename.
import { randomUUID } from "node:crypto";
import { inverseItem, undoOperationFor } from "@/lib/batch/inverse";
import type { SourceKey } from "@/lib/batch/plan";
import type { BatchOperation, BatchSource } from "@/lib/batch/spec";
import type { Principal } from "@/lib/permissions";
import type { Db } from "@/server/db";
import { getJob, insertJob, type BatchJobRecord } from "./jobs-store";
import { doneTargetedItems } from "./items-store";
import { appendKeys } from "./planning";

export interface JobOwner extends Principal {
  id: string | null;
  email: string;
}

/** A new draft job; keys (if any) are planned and stored at once. Prefix jobs are listed later by the runner. */
export async function createJob(
  db: Db,
  owner: JobOwner,
  source: BatchSource,
  operation: BatchOperation,
  keys: readonly SourceKey[] = [],
): Promise<BatchJobRecord> {
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await insertJob(tx, {
      id,
      createdBy: owner.id,
      createdByEmail: owner.email,
      principal: { role: owner.role, scopes: owner.scopes },
      bucket: source.bucket,
      scopePrefix: source.kind === "prefix" ? source.prefix : null,
      source,
      operation,
      status: "draft",
    });
    const job = await getJob(tx, id);
    if (keys.length) await appendKeys(tx, job!, keys);
  });
  return (await getJob(db, id))!;
}

/** More keys for a draft job (large lists arrive in several requests). */
export async function addKeys(db: Db, job: BatchJobRecord, keys: readonly SourceKey[]): Promise<void> {
  await db.transaction(async (tx) => {
    await appendKeys(tx, job, keys);
  });
}

export class UndoNotPossible extends Error {}

const UNDO_PAGE = 1000;

/**
 * A draft job that moves every done item of `original` back (lib/batch/inverse.ts). Items are read and written page
 * by page inside one transaction; the original is marked as undone by it, so it cannot be undone twice.
 */
export async function createUndoJob(db: Db, owner: JobOwner, original: BatchJobRecord): Promise<BatchJobRecord> {
  if (original.status !== "done" || original.undoneBy) throw new UndoNotPossible("the job is not finished or was already undone");
  const undo = undoOperationFor(original.operation, original.bucket);
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await insertJob(tx, {
      id,
      createdBy: owner.id,
      createdByEmail: owner.email,
      principal: { role: owner.role, scopes: owner.scopes },
      bucket: undo.bucket,
      scopePrefix: null,
      source: { kind: "undo", bucket: undo.bucket, jobId: original.id },
      operation: undo.op,
      status: "draft",
      undoOf: original.id,
    });
    // A second undo request for the same job waits on this row, then finds it taken and rolls back.
    const claimed = await tx.query(`UPDATE batch_jobs SET undone_by = $2 WHERE id = $1 AND status = 'done' AND undone_by IS NULL RETURNING id`, [
      original.id,
      id,
    ]);
    if (claimed.length === 0) throw new UndoNotPossible("the job was already undone");
    let job = (await getJob(tx, id))!;
    for (let after = -1; ;) {
      const done = await doneTargetedItems(tx, original.id, after, UNDO_PAGE);
      if (done.length === 0) break;
      const sources: SourceKey[] = done.map((item) => {
        const back = inverseItem({ bucket: item.bucket, key: item.key, targetBucket: item.targetBucket!, targetKey: item.targetKey! });
        return { key: back.key, target: back.targetKey };
      });
      job = await appendKeys(tx, job, sources);
      after = done[done.length - 1].seq;
    }
  });
  return (await getJob(db, id))!;
}
