// Etag of a File/Blob in the browser (docs/qiniu-protocol.md §6): each 4 MiB block is hashed with Web Crypto on
// a pool of Web Workers (blocks are independent), then the block SHA-1s are combined here.
import { etagFromBlockSha1s } from "./etag";
import { blockCount, handleEtagBlockRequest, type EtagBlockRequest, type EtagBlockResponse } from "./etag-blocks";

/** The part of the Worker interface the pool uses (tests pass an in-process fake). */
export interface EtagWorkerLike {
  postMessage(message: EtagBlockRequest): void;
  onmessage: ((e: MessageEvent<EtagBlockResponse>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface BrowserEtagOptions {
  /** Worker count; default navigator.hardwareConcurrency (at most 8). 0 = hash on this thread. */
  workers?: number;
  /** Blocks in flight per worker (default 2: one hashing, one being read). Memory ≈ workers × inFlight × 4 MiB. */
  inFlightPerWorker?: number;
  onProgress?: (bytesDone: number, total: number) => void;
  signal?: AbortSignal;
  createWorker?: () => EtagWorkerLike;
}

function defaultWorkerCount(): number {
  const n = typeof navigator !== "undefined" ? navigator.hardwareConcurrency : 0;
  return Math.max(1, Math.min(8, n || 2));
}

function createModuleWorker(): EtagWorkerLike {
  return new Worker(new URL("./etag.worker.ts", import.meta.url), { type: "module" }) as unknown as EtagWorkerLike;
}

/** Etag of a File or Blob; rejects on read errors and when aborted. */
export async function etagOfBlob(blob: Blob, opts: BrowserEtagOptions = {}): Promise<string> {
  const blocks = blockCount(blob.size);
  const sha1s: Uint8Array[] = new Array(blocks);
  let done = 0;
  const record = (res: EtagBlockResponse) => {
    if ("error" in res) throw new Error(`etag: block ${res.index}: ${res.error}`);
    sha1s[res.index] = res.sha1;
    done += res.bytes;
    opts.onProgress?.(done, blob.size);
  };
  const canUseWorkers = opts.createWorker !== undefined || typeof Worker !== "undefined";
  const workerCount = Math.min(opts.workers ?? defaultWorkerCount(), blocks);
  if (blocks === 1 || workerCount < 1 || !canUseWorkers) {
    for (let i = 0; i < blocks; i++) {
      opts.signal?.throwIfAborted();
      record(await handleEtagBlockRequest({ index: i, blob }));
    }
  } else {
    await runPool(blob, blocks, workerCount, opts, record);
  }
  return etagFromBlockSha1s(sha1s);
}

function runPool(blob: Blob, blocks: number, workerCount: number, opts: BrowserEtagOptions, record: (r: EtagBlockResponse) => void): Promise<void> {
  const inFlight = Math.max(1, opts.inFlightPerWorker ?? 2);
  const create = opts.createWorker ?? createModuleWorker;
  const workers: EtagWorkerLike[] = [];
  let next = 0;
  let finished = 0;
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const stop = (err?: unknown) => {
      if (settled) return;
      settled = true;
      for (const w of workers) w.terminate();
      opts.signal?.removeEventListener("abort", onAbort);
      if (err === undefined) resolve();
      else reject(err);
    };
    const onAbort = () => stop(opts.signal?.reason ?? new DOMException("Aborted", "AbortError"));
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener("abort", onAbort);
    const feed = (w: EtagWorkerLike) => {
      if (next < blocks) w.postMessage({ index: next++, blob });
    };
    for (let i = 0; i < workerCount; i++) {
      const w = create();
      workers.push(w);
      w.onmessage = (e) => {
        if (settled) return;
        try {
          record(e.data);
        } catch (err) {
          return stop(err);
        }
        if (++finished === blocks) return stop();
        feed(w);
      };
      w.onerror = (e) => stop(new Error(`etag worker failed: ${e.message || "unknown error"}`));
    }
    for (let k = 0; k < inFlight; k++) for (const w of workers) feed(w);
  });
}
