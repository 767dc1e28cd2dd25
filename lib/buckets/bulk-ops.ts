// Changes to the objects selected in the browser, run at once through rs /batch (docs/qiniu-protocol.md §8). Pure: the
// dialog describes a change with the same data the server turns into op strings and permission checks.
import type { Permission, Target } from "@/lib/permissions";
import { chgmOp, chstatusOp, chtypeOp, copyOp, deleteOp, moveOp, type ObjectStatus, type StorageType } from "@/lib/qiniu/ops";

/** Qiniu's /batch takes at most 1,000 ops; bigger selections go to the Batch page. */
export const BULK_LIMIT = 1000;

export type BulkChange =
  | { kind: "delete" }
  | { kind: "move" | "copy"; toBucket: string; toPrefix: string; force: boolean }
  | { kind: "chtype"; type: StorageType }
  | { kind: "chgm"; mimeType: string }
  | { kind: "chstatus"; status: ObjectStatus };

/** Per-item outcome: Qiniu's code (200 = done; 298 answers carry one per item) and its error text. */
export interface BulkItemResult {
  key: string;
  code: number;
  error?: string;
}

/**
 * Where a moved or copied object lands: its name below the listed folder, under the target prefix.
 * "a/b/c.txt" listed in "a/" and moved to "x/" becomes "x/b/c.txt".
 */
export function bulkTargetKey(key: string, folder: string, toPrefix: string): string {
  const rest = key.startsWith(folder) ? key.slice(folder.length) : key;
  return toPrefix + rest;
}

/** What doing this change to one object at a time from the page would need. A move also removes its source. */
export function bulkPermissions(change: BulkChange): Permission[] {
  if (change.kind === "delete") return ["objects.delete"];
  if (change.kind === "move") return ["objects.write", "objects.delete"];
  return ["objects.write"];
}

/** The objects one item touches, for the scope check: the source and, for move/copy, the target. */
export function bulkTargets(bucket: string, key: string, target: string | null, change: BulkChange): Target[] {
  const out: Target[] = [{ bucket, key }];
  if ((change.kind === "move" || change.kind === "copy") && target !== null) out.push({ bucket: change.toBucket, key: target });
  return out;
}

/** The rs op for one selected object; `target` is bulkTargetKey's answer for move and copy. */
export function bulkOp(bucket: string, key: string, target: string | null, change: BulkChange): string {
  switch (change.kind) {
    case "delete":
      return deleteOp(bucket, key);
    case "move":
    case "copy": {
      if (target === null) throw new Error(`no target for ${key}`);
      const make = change.kind === "move" ? moveOp : copyOp;
      return make({ bucket, key }, { bucket: change.toBucket, key: target }, change.force);
    }
    case "chtype":
      return chtypeOp(bucket, key, change.type);
    case "chgm":
      return chgmOp(bucket, key, change.mimeType);
    case "chstatus":
      return chstatusOp(bucket, key, change.status);
  }
}

/** Keys whose result was not a success: what "retry the failed ones" runs again. */
export function failedKeys(results: readonly BulkItemResult[]): string[] {
  return results.filter((r) => r.code !== 200).map((r) => r.key);
}

/** "612 no such file or directory (3), 614 file exists (1)": the distinct reasons of failed items, most frequent first. */
export function errorSummary(results: readonly BulkItemResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) {
    if (r.code === 200) continue;
    const reason = `${r.code} ${r.error ?? ""}`.trim();
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([reason, n]) => `${reason} (${n})`)
    .join(", ");
}
