// Which permissions a batch operation needs, per item, inside the user's bucket/prefix scopes. Pure.
import { can, type Permission, type Principal, type Target } from "@/lib/permissions";
import type { BatchOperation } from "./spec";

/** Besides `batch.run`: what the same change made one object at a time would need. A move also removes its source. */
export function operationPermissions(op: BatchOperation): Permission[] {
  switch (op.op) {
    case "stat":
      return ["batch.run", "objects.read"];
    case "delete":
      return ["batch.run", "objects.delete"];
    case "move":
    case "rename":
      return ["batch.run", "objects.write", "objects.delete"];
    default:
      return ["batch.run", "objects.write"];
  }
}

export interface ScopedItem {
  bucket: string;
  key: string;
  targetBucket: string | null;
  targetKey: string | null;
}

/** May `user` run `op` on this item (its source and, if any, its target)? */
export function itemAllowed(user: Principal, op: BatchOperation, item: ScopedItem): boolean {
  const targets: Target[] = [{ bucket: item.bucket, key: item.key }];
  if (item.targetBucket !== null && item.targetKey !== null) targets.push({ bucket: item.targetBucket, key: item.targetKey });
  return operationPermissions(op).every((p) => can(user, p, targets));
}
