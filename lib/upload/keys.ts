// Object keys for browser uploads: a target prefix plus the file's path relative to what the user dropped.
// Pure, shared by the upload page (to show keys before asking for tokens) and the token action (which decides).
import { MAX_KEY_BYTES } from "@/lib/qiniu/entry";
import { utf8 } from "@/lib/qiniu/base64";

export type KeyProblem = "empty" | "parentSegment" | "controlChar" | "tooLong";

export type KeyResult = { ok: true; key: string } | { ok: false; problem: KeyProblem };

// C0 controls and DEL: Qiniu stores them, but listings, URLs and shells mangle them.
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A prefix as a folder: no leading '/', '\' turned into '/', and a trailing '/' unless empty. "" means the bucket root.
 * Upload targets are folders (the browser's "Upload here" passes `a/b/`), so `a/b` also means `a/b/`.
 */
export function normalizePrefix(prefix: string): string {
  const p = prefix
    .replace(/\\/g, "/")
    .replace(/^\/+/, "")
    .replace(/\/{2,}/g, "/")
    .normalize("NFC");
  return p === "" || p.endsWith("/") ? p : `${p}/`;
}

/**
 * The path segments of a dropped or picked file: `webkitRelativePath` ("dir/a.txt"), a FileSystemEntry
 * `fullPath` ("/dir/a.txt") or a bare name. Empty and "." segments are dropped; names are NFC (macOS gives NFD).
 */
export function relativeSegments(relativePath: string): string[] {
  return relativePath
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s !== "" && s !== ".")
    .map((s) => s.normalize("NFC"));
}

/** `prefix + relativePath`, checked against Qiniu's key rules (≤750 UTF-8 bytes) and ours (no "..", no control characters). */
export function buildObjectKey(prefix: string, relativePath: string): KeyResult {
  const segments = relativeSegments(relativePath);
  if (segments.length === 0) return { ok: false, problem: "empty" };
  // A ".." would let a crafted folder name climb out of the chosen prefix, which the scope check relies on.
  if (segments.includes("..")) return { ok: false, problem: "parentSegment" };
  const key = normalizePrefix(prefix) + segments.join("/");
  if (CONTROL.test(key)) return { ok: false, problem: "controlChar" };
  if (utf8(key).length > MAX_KEY_BYTES) return { ok: false, problem: "tooLong" };
  return { ok: true, key };
}

/** Keys that occur more than once in one upload (two files would overwrite each other). */
export function duplicateKeys(keys: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) dup.add(k);
    else seen.add(k);
  }
  return dup;
}
