// The inverse of a finished move or rename: move every target back to its source. Pure.
import { isUndoable, type BatchOperation } from "./spec";

export interface MovedItem {
  bucket: string;
  key: string;
  targetBucket: string;
  targetKey: string;
}

/** The undo item of one done move: its target becomes the source, its source the target. */
export function inverseItem(item: MovedItem): MovedItem {
  return { bucket: item.targetBucket, key: item.targetKey, targetBucket: item.bucket, targetKey: item.key };
}

/**
 * The job that undoes `op` (run on objects of `sourceBucket`): it reads from the old target bucket and moves each item
 * back to the key it came from. It never overwrites, so something new at an old key is not clobbered.
 */
export function undoOperationFor(op: BatchOperation, sourceBucket: string): { bucket: string; op: BatchOperation } {
  if (!isUndoable(op)) throw new Error(`${op.op} cannot be undone`);
  if (op.op === "move") {
    return { bucket: op.targetBucket, op: { op: "move", targetBucket: sourceBucket, pattern: { kind: "explicit" }, overwrite: false } };
  }
  return { bucket: sourceBucket, op: { op: "rename", pattern: { kind: "explicit" }, overwrite: false } };
}
