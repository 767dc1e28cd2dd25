// The rs batch op string for one planned item (docs/qiniu-protocol.md §8). Pure.
import { chgmOp, chtypeOp, copyOp, deleteAfterDaysOp, deleteOp, moveOp, restoreArOp, statOp } from "@/lib/qiniu/ops";
import type { BatchOperation } from "./spec";

export interface ItemRef {
  bucket: string;
  key: string;
  targetBucket: string | null;
  targetKey: string | null;
}

export function itemOp(op: BatchOperation, item: ItemRef): string {
  switch (op.op) {
    case "stat":
      return statOp(item.bucket, item.key);
    case "copy":
      return copyOp(item, target(item), op.overwrite);
    case "move":
    case "rename":
      return moveOp(item, target(item), op.overwrite);
    case "delete":
      return deleteOp(item.bucket, item.key);
    case "chgm":
      return chgmOp(item.bucket, item.key, op.mime);
    case "chtype":
      return chtypeOp(item.bucket, item.key, op.type);
    case "deleteAfterDays":
      return deleteAfterDaysOp(item.bucket, item.key, op.days);
    case "restoreAr":
      return restoreArOp(item.bucket, item.key, op.freezeAfterDays);
  }
}

function target(item: ItemRef): { bucket: string; key: string } {
  if (item.targetBucket === null || item.targetKey === null) throw new Error(`item ${item.key} has no target`);
  return { bucket: item.targetBucket, key: item.targetKey };
}
