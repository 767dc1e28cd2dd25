// Streaming content digests: Qiniu etag (lib/qiniu), MD5 and CRC32 in one pass, so uploads are hashed while
// they are written to disk and memory stays bounded.
import { createHash, type Hash } from "node:crypto";
import { constants as fsConstants, createReadStream } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { crc32 } from "node:zlib";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import { QiniuEtag } from "@/lib/qiniu/etag";
import { nodeSha1 } from "@/lib/qiniu/etag-node";

export interface ContentDigest {
  size: number;
  /** Qiniu v1 etag (28 chars). */
  etag: string;
  /** 21-byte raw etag (for v2 part layouts). */
  etagRaw: Uint8Array;
  /** lowercase hex MD5 */
  md5: string;
  /** unsigned CRC32 (only from a hasher made with `crc32: true`, the default) */
  crc32: number;
}

export interface HasherOptions {
  /** Also compute CRC32 (form uploads check it against the `crc32` field; parts of v2 uploads do not need it). */
  crc32?: boolean;
}

export class ContentHasher {
  private readonly etag = new QiniuEtag(nodeSha1);
  private readonly md5: Hash = createHash("md5");
  private crc = 0;
  private size = 0;
  private readonly withCrc: boolean;

  constructor(opts: HasherOptions = {}) {
    this.withCrc = opts.crc32 ?? true;
  }

  update(chunk: Uint8Array): void {
    this.etag.update(chunk);
    this.md5.update(chunk);
    if (this.withCrc) this.crc = crc32(chunk, this.crc);
    this.size += chunk.length;
  }

  get bytes(): number {
    return this.size;
  }

  digest(): ContentDigest {
    const etagRaw = this.etag.digestRaw();
    return { size: this.size, etag: urlsafeBase64Encode(etagRaw), etagRaw, md5: this.md5.digest("hex"), crc32: this.withCrc ? this.crc >>> 0 : NaN };
  }
}

/** Digest of a file on disk (streamed). */
export async function digestFile(path: string): Promise<ContentDigest> {
  const hasher = new ContentHasher();
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hasher.update(chunk as Buffer);
  return hasher.digest();
}

export function digestBuffer(data: Uint8Array): ContentDigest {
  const hasher = new ContentHasher();
  hasher.update(data);
  return hasher.digest();
}

// MD5 of byte ranges of files read one after another, on a worker thread: the caller copies or syncs the same bytes
// meanwhile (resumable complete), or feeds ranges as an upload's parts arrive. Plain CommonJS with `eval: true`, so it
// runs the same under tsx and vitest. Messages: {ranges} adds bytes, {digest} answers {digest} or {error}.
const MD5_WORKER = `
const { parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const crypto = require("node:crypto");
const hash = crypto.createHash("md5");
const buf = Buffer.allocUnsafe(1024 * 1024);
let failed;
parentPort.on("message", (m) => {
  if (m.digest) return parentPort.postMessage(failed ? { error: failed } : { digest: hash.digest("hex") });
  if (failed) return;
  try {
    for (const r of m.ranges) {
      const fd = fs.openSync(r.path, "r");
      try {
        for (let done = 0, n; done < r.size; done += n) {
          n = fs.readSync(fd, buf, 0, Math.min(buf.length, r.size - done), r.offset + done);
          if (n === 0) throw new Error(r.path + ": " + (r.size - done) + " bytes missing at " + (r.offset + done));
          hash.update(buf.subarray(0, n));
        }
      } finally {
        fs.closeSync(fd);
      }
    }
  } catch (err) {
    failed = String(err && err.message || err);
  }
});
`;

/** Below this many bytes a worker costs more than it saves. */
export const MD5_WORKER_MIN_BYTES = 32 * 1024 * 1024;

export interface FileRange {
  path: string;
  offset: number;
  size: number;
}

/** An MD5 over byte ranges of files, fed in order (at once or over time) and computed on a worker thread. */
export class BackgroundMd5 {
  private readonly worker = new Worker(MD5_WORKER, { eval: true });
  private readonly answers: ((m: { digest?: string; error?: string }) => void)[] = [];
  private crashed?: Error;

  constructor() {
    this.worker.unref();
    this.worker.on("message", (m: { digest?: string; error?: string }) => this.answers.shift()?.(m));
    const fail = (err: Error) => {
      this.crashed ??= err;
      for (const answer of this.answers.splice(0)) answer({ error: err.message });
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`md5 worker exited with code ${code}`)));
  }

  add(ranges: readonly FileRange[]): void {
    if (!this.crashed) this.worker.postMessage({ ranges });
  }

  /** Lowercase hex MD5 of everything added (once). Rejects when a range could not be read. */
  digest(): Promise<string> {
    if (this.crashed) return Promise.reject(this.crashed);
    return new Promise((resolve, reject) => {
      this.answers.push((m) => (m.digest !== undefined ? resolve(m.digest) : reject(new Error(m.error ?? "md5 worker failed"))));
      this.worker.postMessage({ digest: true });
    });
  }

  close(): void {
    void this.worker.terminate();
  }
}

/** Lowercase hex MD5 of the ranges' bytes in order (`totalBytes` decides whether a worker thread is worth it). */
export async function md5OfFiles(ranges: readonly FileRange[], totalBytes: number): Promise<string> {
  if (totalBytes < MD5_WORKER_MIN_BYTES) {
    const hash = createHash("md5");
    for (const r of ranges) {
      if (r.size === 0) continue;
      for await (const chunk of createReadStream(r.path, { start: r.offset, end: r.offset + r.size - 1, highWaterMark: 1024 * 1024 }))
        hash.update(chunk as Buffer);
    }
    return hash.digest("hex");
  }
  const md5 = new BackgroundMd5();
  try {
    md5.add(ranges);
    return await md5.digest();
  } finally {
    md5.close();
  }
}

/** Writes are gathered to about this size: one write per network chunk (~64 KiB) costs more than the hashing. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/**
 * Streams `body` into `file` from `position` on, hashing every chunk with `hasher`. The file is created if missing;
 * it is truncated first only with `position` "replace" (a file of its own), never when writing at an offset. Chunks are gathered into writes of about 1 MiB with one write in flight, so reading, hashing
 * and writing overlap. Throws "part too large" past `maxBytes`.
 */
export async function writeHashed(
  body: AsyncIterable<unknown>,
  file: string,
  position: number | "replace",
  hasher: ContentHasher,
  maxBytes: number,
): Promise<void> {
  const fh = await open(file, fsConstants.O_WRONLY | fsConstants.O_CREAT | (position === "replace" ? fsConstants.O_TRUNC : 0));
  let pending: Promise<unknown> = Promise.resolve();
  try {
    let batch: Buffer[] = [];
    let batchBytes = 0;
    let at = position === "replace" ? 0 : position;
    const flush = async () => {
      const buffers = batch;
      const where = at;
      at += batchBytes;
      batch = [];
      batchBytes = 0;
      await pending;
      pending = writeAll(fh, buffers, where);
    };
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      hasher.update(buf);
      if (hasher.bytes > maxBytes) throw new Error("part too large");
      batch.push(buf);
      batchBytes += buf.length;
      if (batchBytes >= WRITE_BATCH_BYTES) await flush();
    }
    if (batchBytes > 0) await flush();
    await pending;
  } catch (err) {
    await pending.catch(() => undefined);
    throw err;
  } finally {
    await fh.close();
  }
}

async function writeAll(fh: FileHandle, buffers: Buffer[], position: number): Promise<void> {
  let rest = buffers;
  let at = position;
  while (rest.length > 0) {
    const { bytesWritten } = await fh.writev(rest, at);
    at += bytesWritten;
    // Short writes are rare (disk full shows as an error); continue after what was written.
    let skip = bytesWritten;
    const next: Buffer[] = [];
    for (const b of rest) {
      if (skip >= b.length) skip -= b.length;
      else {
        next.push(skip > 0 ? b.subarray(skip) : b);
        skip = 0;
      }
    }
    rest = next;
  }
}
