// Pulling content from a URL into a bucket: io fetch, prefetch from the bucket's mirror source, and the mirror
// fall-through of downloads. Outbound rules (outbound.ts) keep the emulator from becoming an open proxy.
import { rm } from "node:fs/promises";
import { encodeKeyPath } from "@/lib/qiniu/urls";
import type { Core } from "./core";
import { badRequest, forbidden, noSuchBucket, QiniuHttpError } from "./http";
import { detectMime } from "./mime-detect";
import { downloadTo, OutboundRefused } from "./outbound";
import type { ObjectRecord } from "./records";

/** Biggest object fetch/prefetch will pull (the emulator is a test tool, not a mirror). */
const MAX_FETCH_BYTES = 5 * 1024 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 60_000;

export interface FetchResult {
  fsize: number;
  hash: string;
  key: string;
  mimeType: string;
}

export function fetchAnswer(rec: ObjectRecord): FetchResult {
  return { fsize: rec.fsize, hash: rec.hash, key: rec.key, mimeType: rec.mimeType };
}

/** Downloads `url` and stores it as bucket:key (the etag when key is undefined). Overwrites. */
export async function fetchInto(core: Core, url: string, bucket: string, key: string | undefined, hostHeader?: string): Promise<ObjectRecord> {
  if (!core.store.bucketExists(bucket)) throw noSuchBucket();
  if (!/^https?:\/\//i.test(url)) throw badRequest("fetch url must be http(s)");
  const tmp = core.store.tempPath();
  try {
    let result;
    try {
      result = await downloadTo(url, tmp, {
        policy: core.outbound.fetch,
        timeoutMs: FETCH_TIMEOUT_MS,
        hostHeader,
        maxBytes: MAX_FETCH_BYTES,
      });
    } catch (err) {
      // Qiniu cannot reach private networks either; say so instead of pretending the source failed.
      if (err instanceof OutboundRefused) throw forbidden(`the emulator does not fetch this URL: ${err.message}`);
      throw new QiniuHttpError(478, `fetch source failed: ${(err as Error).message}`);
    }
    if (!result.digest) throw new QiniuHttpError(result.status === 404 ? 404 : 478, `fetch source answered ${result.status}`);
    const sourceType = result.contentType?.split(";")[0].trim();
    const mimeType = sourceType && sourceType !== "application/octet-stream" ? sourceType : await detectMime(tmp, key ?? url.split("?")[0]);
    return await core.store.putFile(bucket, key ?? result.digest.etag, tmp, { digest: result.digest, mimeType, overwrite: true });
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Fetches bucket:key from the bucket's mirror source (`<source>/<key>`). */
export async function fetchFromMirror(core: Core, bucket: string, key: string): Promise<ObjectRecord> {
  const row = core.buckets.row(bucket);
  if (!row) throw noSuchBucket();
  if (!row.mirror_source) throw new QiniuHttpError(478, "the bucket has no mirror source");
  return fetchInto(core, `${row.mirror_source}/${encodeKeyPath(key)}`, bucket, key, row.mirror_host ?? undefined);
}
