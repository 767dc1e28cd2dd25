// Kodo storage classes: the `type` field of stat/list, the argument of chtype and the put policy's fileType
// (docs/qiniu-protocol.md §8; developer.qiniu.com/kodo/3710/chtype lists 5, intelligent tiering, since 2025).

export const STORAGE_CLASSES = [0, 1, 2, 3, 4, 5] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

/** Message key suffix under `browser.storageClass.*` for each class. */
export const STORAGE_CLASS_NAMES: Record<StorageClass, "standard" | "ia" | "archive" | "deepArchive" | "archiveIR" | "intelligentTiering"> = {
  0: "standard",
  1: "ia",
  2: "archive",
  3: "deepArchive",
  4: "archiveIR",
  5: "intelligentTiering",
};

export function isStorageClass(n: unknown): n is StorageClass {
  return typeof n === "number" && (STORAGE_CLASSES as readonly number[]).includes(n);
}

/** Archive and deep archive objects must be restored (restoreAr) before they can be read. */
export function needsRestore(type: number): boolean {
  return type === 2 || type === 3;
}

export type RestoreState = "frozen" | "restoring" | "restored";

/** Where an object is in the archive cycle (stat's or list's restoreStatus); null for classes read directly. */
export function restoreState(type: number, restoreStatus: number | undefined): RestoreState | null {
  if (!needsRestore(type)) return null;
  return restoreStatus === 2 ? "restored" : restoreStatus === 1 ? "restoring" : "frozen";
}
