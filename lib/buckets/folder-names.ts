// Folder names and the prefixes folder jobs write to. Pure: the dialogs check with these before asking the server,
// which checks again with the same rules.
import { isValidKey, utf8Length } from "./keys";
import { baseName, DELIMITER, parentPrefix } from "./paths";

/** Qiniu's key length limit in UTF-8 bytes (docs/qiniu-protocol.md §1). */
export const MAX_KEY_BYTES = 750;

export type FolderNameProblem = "empty" | "slash" | "tooLong" | "invalid";

/**
 * Why `name` cannot be a folder inside `parent`, or null. The folder's own key (`parent + name + "/"`) must fit
 * Qiniu's limit; names are taken as typed (no trimming: " a" is a distinct, valid name).
 */
export function folderNameProblem(parent: string, name: string): FolderNameProblem | null {
  if (name === "") return "empty";
  if (name.includes(DELIMITER)) return "slash";
  const key = folderKey(parent, name);
  if (utf8Length(key) > MAX_KEY_BYTES) return "tooLong";
  // e.g. a lone surrogate: not UTF-8, so Qiniu cannot store it.
  return isValidKey(key) ? null : "invalid";
}

/** The empty object that stands for a folder, as kodo-browser makes it: `parent/name/`. */
export function folderKey(parent: string, name: string): string {
  return `${parent}${name}${DELIMITER}`;
}

/** The folder's own name ("a/b/" → "b"; "a//" → ""). */
export function folderName(folder: string): string {
  return baseName(folder.endsWith(DELIMITER) ? folder.slice(0, -1) : folder);
}

/** A renamed folder's prefix: same parent, new name ("a/b/" renamed "c" → "a/c/"). */
export function renamedPrefix(folder: string, name: string): string {
  return folderKey(parentPrefix(folder), name);
}

/**
 * Where a folder lands when moved or copied into `destination` (a folder prefix, "" = the bucket's root): it keeps
 * its name ("a/b/" into "x/" → "x/b/"). A destination without its trailing "/" gets one.
 */
export function movedPrefix(folder: string, destination: string): string {
  const into = destination === "" || destination.endsWith(DELIMITER) ? destination : destination + DELIMITER;
  return folderKey(into, folderName(folder));
}

/** Would the job write into the folder it reads (same bucket, the target inside the source)? Qiniu would loop. */
export function targetInsideSource(folder: string, target: string): boolean {
  return target.startsWith(folder);
}

export type FolderJobKind = "rename" | "move" | "copy" | "delete";

/**
 * What the role allows on a whole folder: each is a batch job, so batch.run first, then what the job's operation
 * needs (lib/batch/scope.ts operationPermissions). The server checks the scopes when the job is created and run.
 */
export function folderJobKinds(can: { batch: boolean; write: boolean; delete: boolean }): FolderJobKind[] {
  if (!can.batch) return [];
  const kinds: FolderJobKind[] = [];
  if (can.write && can.delete) kinds.push("rename", "move");
  if (can.write) kinds.push("copy");
  if (can.delete) kinds.push("delete");
  return kinds;
}
