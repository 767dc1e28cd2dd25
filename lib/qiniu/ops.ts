// Builders for rs operations (single calls and batch items) and fop strings (docs/qiniu-protocol.md §8, §9).
// Pure: safe in the browser. Ops start with '/', like the Node SDK's.
import { urlsafeBase64Encode } from "./base64";
import { encodedEntry } from "./entry";
import { QiniuInputError } from "./errors";

export interface ObjectRef {
  bucket: string;
  key: string;
}

/** Storage classes: 0 standard, 1 IA, 2 archive, 3 deep archive, 4 archive-IR, 5 intelligent tiering. */
export type StorageType = 0 | 1 | 2 | 3 | 4 | 5;
/** Object status: 0 enabled, 1 disabled. */
export type ObjectStatus = 0 | 1;

function int(name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new QiniuInputError(`${name} must be an integer from ${min} to ${max}`, name);
  return v;
}

export function statOp(bucket: string, key: string): string {
  return `/stat/${encodedEntry(bucket, key)}`;
}

export function copyOp(src: ObjectRef, dst: ObjectRef, force = false): string {
  return `/copy/${encodedEntry(src.bucket, src.key)}/${encodedEntry(dst.bucket, dst.key)}${force ? "/force/true" : ""}`;
}

/** Move (rename when the bucket is the same). */
export function moveOp(src: ObjectRef, dst: ObjectRef, force = false): string {
  return `/move/${encodedEntry(src.bucket, src.key)}/${encodedEntry(dst.bucket, dst.key)}${force ? "/force/true" : ""}`;
}

/** Rename within one bucket. */
export function renameOp(bucket: string, from: string, to: string, force = false): string {
  return moveOp({ bucket, key: from }, { bucket, key: to }, force);
}

export function deleteOp(bucket: string, key: string): string {
  return `/delete/${encodedEntry(bucket, key)}`;
}

/**
 * Change MIME type and/or custom metadata: `/chgm/<Entry>[/mime/<b64u>][/x-qn-meta-<name>/<b64u value>]…`.
 * `meta` names are given without the `x-qn-meta-` prefix.
 */
export function chgmOp(bucket: string, key: string, mime?: string, meta?: Record<string, string>): string {
  let op = `/chgm/${encodedEntry(bucket, key)}`;
  if (mime) op += `/mime/${urlsafeBase64Encode(mime)}`;
  for (const [name, value] of Object.entries(meta ?? {})) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new QiniuInputError(`Metadata name "${name}" may hold only letters, digits, '-' and '_'`, "meta");
    op += `/x-qn-meta-${name}/${urlsafeBase64Encode(value)}`;
  }
  return op;
}

export function chtypeOp(bucket: string, key: string, type: StorageType): string {
  return `/chtype/${encodedEntry(bucket, key)}/type/${int("type", type, 0, 5)}`;
}

/** Enable (0) or disable (1) an object. */
export function chstatusOp(bucket: string, key: string, status: ObjectStatus): string {
  return `/chstatus/${encodedEntry(bucket, key)}/status/${int("status", status, 0, 1)}`;
}

/** Delete after N days; 0 cancels. */
export function deleteAfterDaysOp(bucket: string, key: string, days: number): string {
  return `/deleteAfterDays/${encodedEntry(bucket, key)}/${int("days", days, 0)}`;
}

/** Restore an archived object for 1–7 days. */
export function restoreArOp(bucket: string, key: string, days: number): string {
  return `/restoreAr/${encodedEntry(bucket, key)}/freezeAfterDays/${int("freezeAfterDays", days, 1, 7)}`;
}

/** Append `|saveas/<Entry>` so the fop result is stored at bucket:key. */
export function withSaveAs(fop: string, bucket: string, key: string): string {
  return `${fop}|saveas/${encodedEntry(bucket, key)}`;
}

/** Join fops for `persistentOps` / pfop `fops` (`;`-separated). */
export function joinFops(fops: readonly string[]): string {
  const cleaned = fops.map((f) => f.trim()).filter((f) => f !== "");
  for (const f of cleaned) if (f.includes(";")) throw new QiniuInputError(`A fop must not contain ';': ${f}`, "fops");
  if (cleaned.length === 0) throw new QiniuInputError("At least one fop is required", "fops");
  return cleaned.join(";");
}
