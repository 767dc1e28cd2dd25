// Local Qiniu etags for the hash check after upload. The block hashing runs in Web Workers (lib/qiniu/etag-browser.ts),
// so a large file never blocks the page; files are hashed one at a time to leave CPU for the transfers.
import { etagOfBlob, type EtagWorkerLike } from "@/lib/qiniu/etag-browser";
import { BLOCK_SIZE, etagV2FromPartRaws } from "@/lib/qiniu/etag";
import { urlsafeBase64Decode } from "@/lib/qiniu/base64";

export interface Hasher {
  /** `partSize` null = one form upload (v1 layout); else the resumable part size (docs/qiniu-protocol.md §6). */
  etag(file: File, partSize: number | null): Promise<string>;
  dispose(): void;
}

/** Etag of a blob stored as parts of `partSize`: the v1 etag when parts are 4 MiB, else the v2 etag from each part's own etag. */
export async function etagForLayout(blob: Blob, partSize: number | null, hash: (b: Blob) => Promise<string>): Promise<string> {
  if (partSize === null || partSize === BLOCK_SIZE || blob.size <= partSize) return hash(blob);
  const parts = [];
  for (let start = 0; start < blob.size; start += partSize) {
    const part = blob.slice(start, Math.min(start + partSize, blob.size));
    parts.push({ size: part.size, raw: urlsafeBase64Decode(await hash(part)) });
  }
  return etagV2FromPartRaws(parts);
}

/** `createWorker` replaces the bundler-resolved worker (bench/upload bundles it separately). */
export function createWorkerHasher(opts: { createWorker?: () => EtagWorkerLike } = {}): Hasher {
  const controller = new AbortController();
  // Half the cores for hashing: the uploads need the rest.
  const workers = Math.max(1, Math.floor((typeof navigator !== "undefined" ? navigator.hardwareConcurrency || 2 : 2) / 2));
  let chain: Promise<unknown> = Promise.resolve();
  return {
    etag(file, partSize) {
      const job = chain.then(() =>
        etagForLayout(file, partSize, (b) => etagOfBlob(b, { workers, signal: controller.signal, createWorker: opts.createWorker })),
      );
      chain = job.catch(() => undefined);
      return job;
    },
    dispose() {
      controller.abort();
    },
  };
}
