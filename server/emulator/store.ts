// Object storage: metadata rows in SQLite, content in content-addressed blob files (one file per distinct hash).
// Crash safety (kill -9): content is written to tmp/, fsynced, renamed into blobs/ (atomic), and only then the row is
// committed in one transaction. A row therefore never points at missing or partial content; a crash can only leave
// unreferenced temp files or blobs, which sweepOrphans() removes at start-up.
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { mkdir, open, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { urlsafeBase64Decode, urlsafeBase64Encode } from "@/lib/qiniu/base64";
import type { Db } from "./db";
import { digestFile } from "./hashing";
import { fileExists, noSuchBucket } from "./http";
import { rowToRecord, type ObjectRecord, type ObjectRow } from "./records";
import type { ObjectInfo, ObjectStore, PutObjectOptions } from "./types";

export interface StorePutOptions extends PutObjectOptions {
  /** Precomputed digest (uploads hash while streaming); computed from the file otherwise. */
  digest?: { size: number; etag: string; md5: string };
  /** Part sizes of a multipart upload (stat ?needparts=true). */
  parts?: number[];
}

export interface StoreSettings {
  /** Length of a lifecycle day in milliseconds. */
  dayMs: number;
  now: () => number;
}

export class Store implements ObjectStore {
  readonly blobDir: string;
  readonly tmpDir: string;
  /** Hashes whose blob is being linked in right now: never garbage-collect those. */
  private readonly pending = new Map<string, number>();
  /** Inside inTransaction(): blobs to release once the transaction has committed. */
  private deferred: Set<string> | null = null;
  private readonly q;
  /** One reusable transaction wrapper (better-sqlite3 builds a new one per db.transaction() call). */
  private readonly transactionRunner: (fn: () => unknown) => unknown;

  constructor(
    readonly db: Db,
    readonly dataDir: string,
    readonly settings: StoreSettings,
  ) {
    this.blobDir = path.join(dataDir, "blobs");
    this.tmpDir = path.join(dataDir, "tmp");
    mkdirSync(this.blobDir, { recursive: true });
    mkdirSync(this.tmpDir, { recursive: true });
    this.transactionRunner = db.transaction((fn: () => unknown) => fn());
    this.q = {
      get: db.prepare("SELECT * FROM objects WHERE bucket = ? AND key = ?"),
      hashUsed: db.prepare("SELECT 1 FROM objects WHERE hash = ? LIMIT 1"),
      bucket: db.prepare("SELECT 1 FROM buckets WHERE name = ?"),
      del: db.prepare("DELETE FROM objects WHERE bucket = ? AND key = ?"),
      upsert: db.prepare(
        `INSERT OR REPLACE INTO objects (bucket, key, fsize, hash, md5, mime, put_time, type, status, end_user, meta, parts, expire_at,
           to_ia_at, to_archive_ir_at, to_archive_at, to_deep_archive_at, restore_ready_at, restore_until)
         VALUES (@bucket, @key, @fsize, @hash, @md5, @mime, @put_time, @type, @status, @end_user, @meta, @parts, @expire_at,
           @to_ia_at, @to_archive_ir_at, @to_archive_at, @to_deep_archive_at, @restore_ready_at, @restore_until)`,
      ),
    };
  }

  now(): number {
    return this.settings.now();
  }

  tempPath(): string {
    return path.join(this.tmpDir, `${Date.now().toString(36)}-${randomBytes(8).toString("hex")}`);
  }

  blobPath(hash: string): string {
    // Hex of the raw etag: case-insensitive file systems cannot confuse two base64 etags.
    let hex: string;
    try {
      hex = Buffer.from(urlsafeBase64Decode(hash)).toString("hex");
    } catch {
      hex = Buffer.from(hash).toString("hex");
    }
    return path.join(this.blobDir, hex.slice(2, 4), hex);
  }

  contentPath(info: ObjectInfo): string {
    return this.blobPath(info.hash);
  }

  bucketExists(bucket: string): boolean {
    return this.q.bucket.get(bucket) !== undefined;
  }

  /** The row as stored (no lifecycle check). */
  row(bucket: string, key: string): ObjectRow | undefined {
    return this.q.get.get(bucket, key) as ObjectRow | undefined;
  }

  /** The live object, or undefined. Objects past their deleteAfterDays disappear here (lazy expiry). */
  record(bucket: string, key: string): ObjectRecord | undefined {
    return this.live(bucket, key)?.rec;
  }

  /** The live object with its stored row (one query). */
  live(bucket: string, key: string): { row: ObjectRow; rec: ObjectRecord } | undefined {
    const row = this.row(bucket, key);
    if (!row) return undefined;
    const now = this.now();
    if (row.expire_at !== null && row.expire_at <= now) {
      this.removeRow(row);
      return undefined;
    }
    return { row, rec: rowToRecord(row, now) };
  }

  stat(bucket: string, key: string): ObjectInfo | undefined {
    return this.record(bucket, key);
  }

  writeRow(row: ObjectRow): void {
    this.q.upsert.run(row);
  }

  /** Deletes a row and garbage-collects its blob when nothing else uses it. Returns whether a row existed. */
  deleteRow(bucket: string, key: string): boolean {
    const row = this.row(bucket, key);
    if (!row) return false;
    this.removeRow(row);
    return true;
  }

  /** Deletes a row already read, then garbage-collects its blob. */
  removeRow(row: Pick<ObjectRow, "bucket" | "key" | "hash">): void {
    this.q.del.run(row.bucket, row.key);
    this.releaseBlob(row.hash);
  }

  /**
   * Removes a blob no row references. The check and the removal are synchronous on purpose: they cannot interleave
   * with another request linking the same content in. The removal is a rename into tmp/ (instant at any size); the
   * file is deleted from there in the background, since freeing a large file's blocks takes a while (tmp/ is swept
   * at start-up, should the process die first).
   */
  releaseBlob(hash: string): void {
    if (this.deferred) {
      // Never unlink before the commit: a crash would leave committed-looking rows without content.
      this.deferred.add(hash);
      return;
    }
    if (this.pending.has(hash) || this.q.hashUsed.get(hash)) return;
    const doomed = this.tempPath();
    try {
      renameSync(this.blobPath(hash), doomed);
    } catch {
      return; /* already gone */
    }
    void rm(doomed, { force: true }).catch(() => undefined);
  }

  /**
   * Runs synchronous metadata changes in one transaction; blob garbage collection happens after the commit.
   * Nested calls (each op of a batch) join the outer transaction without a savepoint: savepoints cost more than the
   * ops themselves, and every op validates everything before its first write, so a refused op has written nothing.
   */
  inTransaction<T>(fn: () => T): T {
    if (this.deferred) return fn();
    this.deferred = new Set();
    try {
      return this.runTransaction(fn);
    } finally {
      const hashes = this.deferred;
      this.deferred = null;
      for (const h of hashes) this.releaseBlob(h);
    }
  }

  private runTransaction<T>(fn: () => T): T {
    return this.transactionRunner(fn) as T;
  }

  async putBuffer(bucket: string, key: string, data: Buffer, opts?: StorePutOptions): Promise<ObjectInfo> {
    const tmp = this.tempPath();
    await writeFile(tmp, data);
    return this.putFile(bucket, key, tmp, opts);
  }

  /** Moves `tmpPath` into the store as bucket:key (see the crash-safety note at the top). */
  async putFile(bucket: string, key: string, tmpPath: string, opts: StorePutOptions = {}): Promise<ObjectRecord> {
    try {
      if (!this.bucketExists(bucket)) throw noSuchBucket();
      const digest = opts.digest ?? (await digestFile(tmpPath));
      const overwrite = opts.overwrite ?? true;
      const early = this.record(bucket, key);
      if (early && !overwrite) {
        if (early.hash === digest.etag) return early;
        throw fileExists();
      }
      const fh = await open(tmpPath, "r+");
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      const hash = digest.etag;
      this.pending.set(hash, (this.pending.get(hash) ?? 0) + 1);
      try {
        const target = this.blobPath(hash);
        await mkdir(path.dirname(target), { recursive: true });
        // Identical content: renaming over the existing blob is harmless (same bytes) and keeps one code path.
        await rename(tmpPath, target);
        await syncDir(path.dirname(target));
        const now = this.now();
        const row: ObjectRow = {
          bucket,
          key,
          fsize: digest.size,
          hash,
          md5: digest.md5,
          mime: opts.mimeType || "application/octet-stream",
          put_time: now * 10000,
          type: opts.type ?? 0,
          status: 0,
          end_user: opts.endUser ?? null,
          meta: opts.meta && Object.keys(opts.meta).length > 0 ? JSON.stringify(opts.meta) : null,
          parts: opts.parts ? JSON.stringify(opts.parts) : null,
          expire_at: opts.deleteAfterDays && opts.deleteAfterDays > 0 ? now + opts.deleteAfterDays * this.settings.dayMs : null,
          to_ia_at: null,
          to_archive_ir_at: null,
          to_archive_at: null,
          to_deep_archive_at: null,
          restore_ready_at: null,
          restore_until: null,
        };
        // Decide and write in one transaction: the existence check is authoritative here.
        const kept = this.inTransaction((): ObjectRecord | "exists" | null => {
          const existing = this.record(bucket, key);
          if (existing && !overwrite) return existing.hash === hash ? existing : "exists";
          this.writeRow(row);
          // The replaced content is released after the commit (inTransaction).
          if (existing && existing.hash !== hash) this.releaseBlob(existing.hash);
          return null;
        });
        if (kept === "exists") throw fileExists();
        if (kept) return kept;
        return rowToRecord(row, now);
      } finally {
        const n = (this.pending.get(hash) ?? 1) - 1;
        if (n <= 0) this.pending.delete(hash);
        else this.pending.set(hash, n);
        // Linked in but not committed (e.g. 614): drop the blob again unless something uses it.
        this.releaseBlob(hash);
      }
    } finally {
      await rm(tmpPath, { force: true });
    }
  }

  /**
   * Start-up sweep after a crash: removes temp files, and blobs no row references. Rows are never removed here:
   * each committed row's blob was durable before the commit.
   */
  sweepOrphans(): { tmp: number; blobs: number } {
    let tmp = 0;
    for (const name of readdirSync(this.tmpDir)) {
      rmSync(path.join(this.tmpDir, name), { recursive: true, force: true });
      tmp++;
    }
    let blobs = 0;
    for (const dir of readdirSync(this.blobDir)) {
      const full = path.join(this.blobDir, dir);
      for (const name of readdirSync(full)) {
        const hash = hexToEtag(name);
        if (!hash || !this.q.hashUsed.get(hash)) {
          rmSync(path.join(full, name), { force: true });
          blobs++;
        }
      }
    }
    return { tmp, blobs };
  }
}

function hexToEtag(hex: string): string | undefined {
  if (!/^[0-9a-f]+$/.test(hex) || hex.length % 2 !== 0) return undefined;
  return urlsafeBase64Encode(Buffer.from(hex, "hex"));
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, "r");
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
