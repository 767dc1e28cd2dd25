// Folders are an illusion built from '/' in opaque keys (docs/qiniu-protocol.md §1). These helpers never trim, collapse or
// decode anything: "a//b", " x", "#?%" are all distinct, valid keys and prefixes.

export const DELIMITER = "/";

export interface Crumb {
  /** the segment as it appears in keys; may be "" for the empty segment in "a//b" */
  label: string;
  /** the prefix to list when the crumb is clicked (always ends with "/") */
  prefix: string;
}

/** Breadcrumbs for a prefix: "a//b/" gives "a" → "a/", "" → "a//", "b" → "a//b/". A trailing partial segment is not a crumb. */
export function breadcrumbs(prefix: string): Crumb[] {
  const crumbs: Crumb[] = [];
  let start = 0;
  for (let i = prefix.indexOf(DELIMITER); i >= 0; i = prefix.indexOf(DELIMITER, start)) {
    crumbs.push({ label: prefix.slice(start, i), prefix: prefix.slice(0, i + 1) });
    start = i + 1;
  }
  return crumbs;
}

/** The folder containing `prefix` ("a/b/" → "a/", "a//" → "a/", "a/" → "", "" → ""). */
export function parentPrefix(prefix: string): string {
  const body = prefix.endsWith(DELIMITER) ? prefix.slice(0, -1) : prefix;
  const i = body.lastIndexOf(DELIMITER);
  return i < 0 ? "" : body.slice(0, i + 1);
}

/** The folder part of a key ("a/b/c.txt" → "a/b/", "c.txt" → ""). */
export function folderOf(key: string): string {
  return key.slice(0, key.lastIndexOf(DELIMITER) + 1);
}

/** The last segment of a key ("a/b/c.txt" → "c.txt"; "a/" → ""). */
export function baseName(key: string): string {
  return key.slice(key.lastIndexOf(DELIMITER) + 1);
}

/**
 * Name shown for a row listed under `prefix`: the key (or common prefix) without the listing prefix, and without the
 * trailing "/" for folders. The result may be "" (folder "a//" under "a/"); the UI labels that case.
 */
export function nameUnder(prefix: string, keyOrPrefix: string, isFolder: boolean): string {
  const rest = keyOrPrefix.startsWith(prefix) ? keyOrPrefix.slice(prefix.length) : keyOrPrefix;
  return isFolder && rest.endsWith(DELIMITER) ? rest.slice(0, -1) : rest;
}

/** The folder to list and the search text for a list request: Qiniu only searches by prefix, so both join. */
export function listPrefix(prefix: string, search: string): string {
  return prefix + search;
}
