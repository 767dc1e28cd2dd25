// After a crash, an in-flight item may or may not have been applied by Qiniu. For operations that are not idempotent
// its outcome is read from the objects themselves (stat), so resuming never does an item twice nor drops one. Pure.
import { isIdempotent, type BatchOperation } from "./spec";

/** A stat answer: code 200 with the object's fields, 612 when it does not exist. */
export interface StatAnswer {
  code: number;
  hash?: string;
  restoreStatus?: number;
}

export type InflightVerdict =
  /** It was applied: record it as done. */
  | { status: "done" }
  /** It was not applied: send it again. */
  | { status: "pending" }
  /** It can no longer be applied (its source is gone and nothing shows it was us). */
  | { status: "failed"; code: number }
  /** The stat itself failed: decide later. */
  | { status: "unknown" };

/** Which objects to stat for an in-flight item: the source, and the target for copy/move/rename. */
export function statsNeeded(op: BatchOperation): { source: boolean; target: boolean } {
  if (isIdempotent(op)) return { source: false, target: false };
  const target = op.op === "copy" || op.op === "move" || op.op === "rename";
  return { source: true, target };
}

const EXISTS = 200;
const MISSING = 612;

export function inflightVerdict(op: BatchOperation, source?: StatAnswer, target?: StatAnswer): InflightVerdict {
  if (isIdempotent(op)) return { status: "pending" };
  if (!source || !known(source) || (statsNeeded(op).target && (!target || !known(target)))) return { status: "unknown" };
  switch (op.op) {
    case "delete":
      return source.code === MISSING ? { status: "done" } : { status: "pending" };
    case "move":
    case "rename":
      // A move is atomic: the source still there means it did not happen.
      if (source.code === EXISTS) return { status: "pending" };
      return target!.code === EXISTS ? { status: "done" } : { status: "failed", code: MISSING };
    case "copy":
      if (source.code === MISSING) return { status: "failed", code: MISSING };
      return target!.code === EXISTS && target!.hash === source.hash ? { status: "done" } : { status: "pending" };
    case "restoreAr":
      if (source.code === MISSING) return { status: "failed", code: MISSING };
      return source.restoreStatus === 1 || source.restoreStatus === 2 ? { status: "done" } : { status: "pending" };
    default:
      return { status: "pending" };
  }
}

function known(answer: StatAnswer): boolean {
  return answer.code === EXISTS || answer.code === MISSING;
}
