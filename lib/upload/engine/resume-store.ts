// Unfinished resumable uploads, remembered in localStorage so a reload or a browser restart can resume them.
// Two records: which key a file was going to (after a reload the user re-picks a bare file without its folder path),
// and, per file, the multipart upload id with the parts sent so far (multipart-transport.ts).

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

/** Bytes already stored for an unfinished upload, from its part record. */
export function uploadedBytesOf(r: UnfinishedUpload): number {
  return readParts(r)?.bytes ?? 0;
}

export function rememberUnfinished(record: Omit<UnfinishedUpload, "savedAt">): void {
  const list = readAll().filter((r) => !(r.bucket === record.bucket && r.key === record.key));
  list.push({ ...record, savedAt: Date.now() });
  writeAll(list);
}

/** One file's multipart upload: enough to continue it after a reload (the service lists the parts it holds). */
export interface PartsRecord {
  uploadId: string;
  partSize: number;
  /** Epoch ms after which the service drops the upload. */
  expireAt: number;
  /** Part numbers stored so far. */
  parts: number[];
  /** Their bytes. */
  bytes: number;
}

type PartsOwner = { name: string; key: string; size: number };

export function partsRecordKey(f: PartsOwner): string {
  return `qiniu-console:multipart:v1:${f.size}:${f.key}:${f.name}`;
}

export function readParts(f: PartsOwner): PartsRecord | undefined {
  try {
    const raw = storage()?.getItem(partsRecordKey(f));
    const r = raw ? (JSON.parse(raw) as PartsRecord) : undefined;
    return r && typeof r.uploadId === "string" && typeof r.partSize === "number" && Array.isArray(r.parts) ? r : undefined;
  } catch {
    return undefined;
  }
}

export function writeParts(f: PartsOwner, record: PartsRecord): void {
  try {
    storage()?.setItem(partsRecordKey(f), JSON.stringify(record));
  } catch {
    /* quota exceeded: this upload then cannot resume after a reload */
  }
}

export function forgetParts(f: PartsOwner): void {
  try {
    storage()?.removeItem(partsRecordKey(f));
  } catch {
    /* storage unavailable */
  }
}

/** Forgets the record; with `dropParts` also its part record (the upload will start over). */
export function forgetUnfinished(bucket: string, key: string, dropParts = false): void {
  const list = readAll();
  const gone = list.filter((r) => r.bucket === bucket && r.key === key);
  writeAll(list.filter((r) => !(r.bucket === bucket && r.key === key)));
  if (dropParts) for (const r of gone) forgetParts(r);
}

/** The unfinished upload a re-picked file continues: same name, size and modification time. */
export function matchUnfinished(file: { name: string; size: number; lastModified: number }): UnfinishedUpload | undefined {
  return readAll().find((r) => r.name === file.name && r.size === file.size && r.lastModified === file.lastModified);
}
