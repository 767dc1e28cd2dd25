// Addresses and thresholds of the bulk downloads (issue 20). Pure: used by the browser's buttons and by the tests.

/** Above either, the console asks first and shows the count and size (the zip streams through the console). */
export const ZIP_CONFIRM_BYTES = 1024 ** 3;
export const ZIP_CONFIRM_OBJECTS = 1000;
/** A selection is POSTed as a list of keys: at most this many (more: the folder, or a link list). */
export const MAX_ZIP_KEYS = 1000;

export type UrlListFormat = "csv" | "aria2";

export function zipRoute(bucket: string): string {
  return `/api/buckets/${encodeURIComponent(bucket)}/zip`;
}

export function urlListRoute(bucket: string): string {
  return `/api/buckets/${encodeURIComponent(bucket)}/urls`;
}

/** A folder's zip as a plain link (GET): the browser downloads it itself, to disk, with its own progress. */
export function folderZipHref(bucket: string, prefix: string): string {
  return `${zipRoute(bucket)}?${new URLSearchParams({ prefix })}`;
}

export function folderUrlListHref(bucket: string, prefix: string, format: UrlListFormat): string {
  return `${urlListRoute(bucket)}?${new URLSearchParams({ prefix, format })}`;
}

export function needsConfirm(objects: number, bytes: number): boolean {
  return objects >= ZIP_CONFIRM_OBJECTS || bytes >= ZIP_CONFIRM_BYTES;
}

/** The downloaded file's name: the folder's own name ("download" at the root), as the server names it too. */
export function downloadBaseName(prefix: string): string {
  return prefix.split("/").filter(Boolean).at(-1) ?? "download";
}
