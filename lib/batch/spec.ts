// What a batch job does, as data shared by the page, the actions and the job runner. Pure: safe in the browser.
import { z } from "zod";
import { existingBucket, keyPrefix } from "@/lib/buckets/schemas";
import { STORAGE_CLASSES } from "@/lib/buckets/storage-class";

/** How a copy, move or rename derives each target key from its source key. */
export const keyPatternSchema = z.discriminatedUnion("kind", [
  /** Target key = source key (copy or move to another bucket). */
  z.object({ kind: z.literal("same") }),
  /** Replace the leading `from` with `to`; `from` empty = add a prefix. Keys not starting with `from` are skipped. */
  z.object({ kind: z.literal("prefix"), from: z.string().max(750), to: z.string().max(750) }),
  /** Replace every occurrence of `find` (literal text) with `replace`. Keys without `find` are skipped. */
  z.object({ kind: z.literal("replace"), find: z.string().min(1).max(750), replace: z.string().max(750) }),
  /** Add `suffix` at the end of the key, or before the file extension. */
  z.object({ kind: z.literal("suffix"), suffix: z.string().min(1).max(750), beforeExtension: z.boolean() }),
  /** Each item names its own target (second CSV column, or an undo job). */
  z.object({ kind: z.literal("explicit") }),
]);
export type KeyPattern = z.infer<typeof keyPatternSchema>;

// One rule for bucket names everywhere (older buckets may hold upper case and '_'): what can be browsed can be batched.
const bucketName = existingBucket;

export const batchOperationSchema = z.discriminatedUnion("op", [
  z.object({ op: z.literal("stat") }),
  z.object({ op: z.literal("copy"), targetBucket: bucketName, pattern: keyPatternSchema, overwrite: z.boolean() }),
  z.object({ op: z.literal("move"), targetBucket: bucketName, pattern: keyPatternSchema, overwrite: z.boolean() }),
  /** A move inside the source bucket. */
  z.object({ op: z.literal("rename"), pattern: keyPatternSchema, overwrite: z.boolean() }),
  z.object({ op: z.literal("delete") }),
  z.object({
    op: z.literal("chgm"),
    mime: z
      .string()
      .regex(/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/, "invalid MIME type")
      .max(200),
  }),
  z.object({ op: z.literal("chtype"), type: z.union(STORAGE_CLASSES.map((n) => z.literal(n))) }),
  /** 0 cancels an earlier setting. */
  z.object({ op: z.literal("deleteAfterDays"), days: z.int().min(0).max(36500) }),
  z.object({ op: z.literal("restoreAr"), freezeAfterDays: z.int().min(1).max(7) }),
]);
export type BatchOperation = z.infer<typeof batchOperationSchema>;
export type BatchOpName = BatchOperation["op"];
export const BATCH_OPS: readonly BatchOpName[] = ["stat", "copy", "move", "rename", "delete", "chgm", "chtype", "deleteAfterDays", "restoreAr"];

export const batchSourceSchema = z.discriminatedUnion("kind", [
  /** Keys handed over by the bucket browser. */
  z.object({ kind: z.literal("selection"), bucket: bucketName }),
  /** Keys pasted or read from a CSV/TXT file. */
  z.object({ kind: z.literal("keys"), bucket: bucketName }),
  /** Every object under a prefix, listed on the server. */
  z.object({ kind: z.literal("prefix"), bucket: bucketName, prefix: keyPrefix }),
  /** The inverse of a finished move/rename job. */
  z.object({ kind: z.literal("undo"), bucket: bucketName, jobId: z.string() }),
]);
export type BatchSource = z.infer<typeof batchSourceSchema>;

/** Operations with a target object. */
export type TargetedOperation = Extract<BatchOperation, { op: "copy" | "move" | "rename" }>;

export function hasTarget(op: BatchOperation): op is TargetedOperation {
  return op.op === "copy" || op.op === "move" || op.op === "rename";
}

/** The bucket targets are written to (rename stays in the source bucket). */
export function targetBucketOf(op: TargetedOperation, sourceBucket: string): string {
  return op.op === "rename" ? sourceBucket : op.targetBucket;
}

/** Runs that lose or replace data need a typed confirmation naming the count. */
export function isDestructive(op: BatchOperation): boolean {
  switch (op.op) {
    case "delete":
    case "move":
    case "rename":
    case "deleteAfterDays":
      return true;
    case "copy":
      return op.overwrite;
    default:
      return false;
  }
}

/** Moves and renames can be undone by moving every target back. */
export function isUndoable(op: BatchOperation): boolean {
  return op.op === "move" || op.op === "rename";
}

/**
 * Operations that change nothing on a second run, so an item whose outcome is unknown may simply be sent again.
 * restoreAr is not: Qiniu refuses a second restore while the first is in progress.
 */
export function isIdempotent(op: BatchOperation): boolean {
  return op.op === "stat" || op.op === "chgm" || op.op === "chtype" || op.op === "deleteAfterDays";
}
