// Turns source keys into plan items (source → target) before anything is sent. Pure: used by the page's preview
// and by the server when it writes the plan to the database.
import { targetKeyFor, type PlanSkipReason } from "./rename";
import { hasTarget, targetBucketOf, type BatchOperation } from "./spec";

export interface SourceKey {
  key: string;
  /** The target named by the input itself (CSV second column, undo). */
  target?: string;
}

export interface PlannedItem {
  bucket: string;
  key: string;
  targetBucket: string | null;
  targetKey: string | null;
  /** Set when the item is skipped without being sent. */
  skip: PlanSkipReason | null;
}

/** Plans one item. Copy/move to the very same object is skipped (Qiniu would refuse or do nothing). */
export function planItem(op: BatchOperation, bucket: string, source: SourceKey): PlannedItem {
  if (!hasTarget(op)) return { bucket, key: source.key, targetBucket: null, targetKey: null, skip: null };
  const targetBucket = targetBucketOf(op, bucket);
  const target = targetKeyFor(source.key, op.pattern, source.target);
  if (!target.ok) return { bucket, key: source.key, targetBucket, targetKey: null, skip: target.reason };
  const same = targetBucket === bucket && target.key === source.key;
  return { bucket, key: source.key, targetBucket, targetKey: target.key, skip: same ? "same_as_source" : null };
}

/**
 * Plans a list and marks every item after the first that writes to an already planned target as `duplicate_target`:
 * two sources landing on one key would make the result depend on the order of execution.
 */
export function planItems(op: BatchOperation, bucket: string, sources: Iterable<SourceKey>): PlannedItem[] {
  const seen = new Set<string>();
  const out: PlannedItem[] = [];
  for (const source of sources) {
    const item = planItem(op, bucket, source);
    if (item.skip === null && item.targetKey !== null) {
      const id = `${item.targetBucket}\u0000${item.targetKey}`;
      if (seen.has(id)) item.skip = "duplicate_target";
      else seen.add(id);
    }
    out.push(item);
  }
  return out;
}

/** How a dry-run stat classifies an item that will be sent. */
export type PlanCheck = "ok" | "conflict" | "overwrite" | "missing";

/**
 * The dry-run verdict for one item, from the stat of its source (undefined = not checked: it was just listed)
 * and of its target (undefined when the op has none).
 */
export function checkItem(op: BatchOperation, sourceExists: boolean | undefined, targetExists: boolean | undefined): PlanCheck {
  if (sourceExists === false) return "missing";
  if (hasTarget(op) && targetExists) return op.overwrite ? "overwrite" : "conflict";
  return "ok";
}

/** The longest prefix shared by `start` (when given) and every key. */
export function commonPrefix(keys: Iterable<string>, start?: string | null): string | null {
  let prefix: string | null = start ?? null;
  for (const key of keys) {
    if (prefix === null) {
      prefix = key;
      continue;
    }
    let i = 0;
    while (i < prefix.length && i < key.length && prefix.charCodeAt(i) === key.charCodeAt(i)) i++;
    prefix = prefix.slice(0, i);
    if (prefix === "") break;
  }
  return prefix;
}
