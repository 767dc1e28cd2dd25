import "server-only";
import type { QiniuClient } from "@/lib/qiniu/client";
import type { FetchResult } from "@/lib/qiniu/client-types";
import { QiniuError } from "@/lib/qiniu/errors";
import type { ObjectRef } from "@/lib/qiniu/ops";

// Single-object operations that can replace an existing object (copy/move with force, fetch, mirror prefetch) report
// whether they did: the CDN keeps serving the old content until its cache expires, so the browser then offers a
// refresh of the object's URLs (components/cdn/refresh-after-overwrite.tsx).

/** Whether bucket:key exists now (stat; 612 → false). */
export async function objectExists(client: QiniuClient, bucket: string, key: string): Promise<boolean> {
  try {
    await client.stat(bucket, key);
    return true;
  } catch (err) {
    if (err instanceof QiniuError && err.code === "not_found") return false;
    throw err;
  }
}

export interface TransferResult {
  bucket: string;
  key: string;
  /** an object already stored at the target was replaced */
  overwrote: boolean;
}

/** Copy or move; without force Qiniu refuses an existing target (614), so only a forced transfer can replace one. */
export async function transferObject(client: QiniuClient, kind: "copy" | "move", from: ObjectRef, to: ObjectRef, force: boolean): Promise<TransferResult> {
  const overwrote = force && (await objectExists(client, to.bucket, to.key));
  await (kind === "copy" ? client.copy(from, to, force) : client.move(from, to, force));
  return { bucket: to.bucket, key: to.key, overwrote };
}

/** Qiniu's fetch always stores under the key, replacing what was there. */
export async function fetchObject(client: QiniuClient, url: string, bucket: string, key: string): Promise<FetchResult & { overwrote: boolean }> {
  const overwrote = await objectExists(client, bucket, key);
  return { ...(await client.fetch(url, bucket, key)), overwrote };
}

/** Mirror prefetch: pulls bucket:key again from the bucket's mirror source, replacing the stored copy. */
export async function prefetchFromMirror(client: QiniuClient, bucket: string, key: string): Promise<{ key: string; overwrote: boolean }> {
  const overwrote = await objectExists(client, bucket, key);
  await client.prefetch(bucket, key);
  return { key, overwrote };
}
