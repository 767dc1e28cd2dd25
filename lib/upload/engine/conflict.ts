// What a file that already exists (614) may do instead of failing: replace it, go under a free name next to it, or
// be left out. Pure.

export type ConflictChoice = "overwrite" | "rename" | "skip";

/** Names tried for "keep both" before giving up (each try is one token and one 614). */
export const MAX_RENAMES = 20;

/** `dir/photo.jpg` → `dir/photo (n).jpg`; a name without extension (or a dot file) gets the number at the end. */
export function renamedPath(relativePath: string, n: number): string {
  const slash = relativePath.lastIndexOf("/") + 1;
  const dir = relativePath.slice(0, slash);
  const name = relativePath.slice(slash);
  const dot = name.lastIndexOf(".");
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
  return `${dir}${stem} (${n})${ext}`;
}

/** The upload failed only because the key holds an object and the token was insert-only. */
export function isConflict(error: { kind: string; code?: number } | undefined): boolean {
  return error?.kind === "upload" && error.code === 614;
}
