// Unfinished resumable uploads, remembered in localStorage so a reload or a browser restart can resume them.
// qiniu-js keeps the uploaded parts under `qiniu_js_sdk_upload_file_name_<name>_key_<key>_size_<n>` (protocol §11.4);
// we keep which key a file was going to, because after a reload the user re-picks a bare file without its folder path.

const STORE_KEY = "qiniu-console:unfinished-uploads:v1";
/** Qiniu keeps a multipart upload for 7 days (§7.3); older records cannot resume. */
const MAX_AGE_MS = 7 * 24 * 3600 * 1000;

export interface UnfinishedUpload {
  bucket: string;
  key: string;
  name: string;
  size: number;
  lastModified: number;
  relativePath: string;
  /** The token allowed replacing an existing object. */
  overwrite: boolean;
  savedAt: number;
}

function storage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null; // disabled storage (privacy mode)
  }
}

function readAll(): UnfinishedUpload[] {
  const raw = storage()?.getItem(STORE_KEY);
  if (!raw) return [];
  try {
    const list = JSON.parse(raw) as UnfinishedUpload[];
    const now = Date.now();
    return Array.isArray(list) ? list.filter((r) => r && typeof r.key === "string" && now - r.savedAt < MAX_AGE_MS) : [];
  } catch {
    return [];
  }
}

const CHANGED = "qiniu-console:unfinished-uploads-changed";

function writeAll(list: UnfinishedUpload[]): void {
  try {
    if (list.length === 0) storage()?.removeItem(STORE_KEY);
    else storage()?.setItem(STORE_KEY, JSON.stringify(list));
  } catch {
    /* quota exceeded: resuming after reload is then unavailable, uploading still works */
  }
  if (typeof window !== "undefined") window.dispatchEvent(new Event(CHANGED));
}

/** For useSyncExternalStore: changes from this tab (our event) and from other tabs (storage event). */
export function subscribeUnfinished(listener: () => void): () => void {
  window.addEventListener(CHANGED, listener);
  window.addEventListener("storage", listener);
  return () => {
    window.removeEventListener(CHANGED, listener);
    window.removeEventListener("storage", listener);
  };
}

let cachedRaw: string | null | undefined;
let cachedList: UnfinishedUpload[] = [];
const EMPTY: UnfinishedUpload[] = [];

/** The current list, the same array while nothing changed (useSyncExternalStore needs a stable snapshot). */
export function unfinishedSnapshot(): UnfinishedUpload[] {
  const raw = storage()?.getItem(STORE_KEY) ?? null;
  if (raw !== cachedRaw) {
    cachedRaw = raw;
    cachedList = readAll();
  }
  return cachedList;
}

export function unfinishedServerSnapshot(): UnfinishedUpload[] {
  return EMPTY;
}

/** Bytes already stored for an unfinished upload, from qiniu-js's part list. */
export function uploadedBytesOf(r: UnfinishedUpload): number {
  try {
    const raw = storage()?.getItem(qiniuJsCacheKey(r.name, r.key, r.size));
    if (!raw) return 0;
    const info = JSON.parse(raw) as { data?: ({ size?: number } | null)[] };
    return (info.data ?? []).reduce((n, p) => n + (p && typeof p.size === "number" ? p.size : 0), 0);
  } catch {
    return 0;
  }
}

export function listUnfinished(): UnfinishedUpload[] {
  return readAll();
}

export function rememberUnfinished(record: Omit<UnfinishedUpload, "savedAt">): void {
  const list = readAll().filter((r) => !(r.bucket === record.bucket && r.key === record.key));
  list.push({ ...record, savedAt: Date.now() });
  writeAll(list);
}

/** qiniu-js's own cache key for a file's uploaded parts. */
export function qiniuJsCacheKey(name: string, key: string, size: number): string {
  return `qiniu_js_sdk_upload_file_name_${name}_key_${key}_size_${size}`;
}

/** Forgets the record; with `dropParts` also qiniu-js's part list (the upload will start over). */
export function forgetUnfinished(bucket: string, key: string, dropParts = false): void {
  const list = readAll();
  const gone = list.filter((r) => r.bucket === bucket && r.key === key);
  writeAll(list.filter((r) => !(r.bucket === bucket && r.key === key)));
  if (dropParts) for (const r of gone) storage()?.removeItem(qiniuJsCacheKey(r.name, r.key, r.size));
}

/** The unfinished upload a re-picked file continues: same name, size and modification time. */
export function matchUnfinished(file: { name: string; size: number; lastModified: number }): UnfinishedUpload | undefined {
  return readAll().find((r) => r.name === file.name && r.size === file.size && r.lastModified === file.lastModified);
}
