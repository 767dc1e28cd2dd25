// Hashing one 4 MiB block of a Blob with Web Crypto, and the message protocol of etag.worker.ts.
// Pure (browser and Node ≥ 20 both have Blob and crypto.subtle).
import { BLOCK_SIZE } from "./etag";

export interface EtagBlockRequest {
  /** Block number (0-based). */
  index: number;
  /** The whole file: posting a Blob to a worker shares it, nothing is copied. */
  blob: Blob;
}

export type EtagBlockResponse = { index: number; sha1: Uint8Array; bytes: number } | { index: number; error: string };

/** Number of 4 MiB blocks (an empty file is one empty block). */
export function blockCount(size: number): number {
  return Math.max(1, Math.ceil(size / BLOCK_SIZE));
}

/** SHA-1 of block `index` of `blob`, read on its own so memory stays at one block. */
export async function sha1OfBlobBlock(blob: Blob, index: number): Promise<{ sha1: Uint8Array; bytes: number }> {
  const start = index * BLOCK_SIZE;
  const data = await blob.slice(start, Math.min(start + BLOCK_SIZE, blob.size)).arrayBuffer();
  const digest = await crypto.subtle.digest("SHA-1", data);
  return { sha1: new Uint8Array(digest), bytes: data.byteLength };
}

/** What a worker does with one request; never throws (errors travel back as messages). */
export async function handleEtagBlockRequest(req: EtagBlockRequest): Promise<EtagBlockResponse> {
  try {
    const { sha1, bytes } = await sha1OfBlobBlock(req.blob, req.index);
    return { index: req.index, sha1, bytes };
  } catch (e) {
    return { index: req.index, error: e instanceof Error ? e.message : String(e) };
  }
}
