// State of resumable uploads: v1 blocks (mkblk/bput) and v2 multipart uploads (init/parts), as files under
// <data>/resumable plus rows in SQLite. A row is written only after its bytes are on disk, so a crash leaves at
// worst unreferenced files, removed by sweepOrphans(). Expired state is removed by sweepExpired().
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { link, open, rm } from "node:fs/promises";
import path from "node:path";
import type { Db } from "./db";
import { BackgroundMd5, ContentHasher, MD5_WORKER_MIN_BYTES, md5OfFiles, writeHashed, type ContentDigest, type FileRange } from "./hashing";

/** A v2 upload's parts of one size share this file, each at (partNumber - 1) × stride. */
const DATA_FILE = "data";
/** PartRow.file of a part in the data file: the prefix and the stride. */
const SLOT_PREFIX = "@slot:";
/** Written part bytes after which an upload's data file is flushed to disk in the background. */
const FLUSH_EVERY_BYTES = 64 * 1024 * 1024;
/** Uploads whose MD5 is computed while their parts arrive, at most (one worker thread each). */
const MAX_FOLLOWERS = 4;

function slotStride(file: string): number | undefined {
  if (!file.startsWith(SLOT_PREFIX)) return undefined;
  const n = Number(file.slice(SLOT_PREFIX.length));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

export const V1_BLOCK_TTL_MS = 7 * 24 * 3600 * 1000;
export const V2_UPLOAD_TTL_MS = 7 * 24 * 3600 * 1000;

export interface BlockRow {
  id: string;
  size: number;
  written: number;
  expires_at: number;
}

export interface UploadRow {
  id: string;
  bucket: string;
  key: string | null;
  created_at: number;
  expires_at: number;
}

export interface PartRow {
  upload_id: string;
  part_number: number;
  size: number;
  etag: string;
  md5: string;
  put_time: number;
  file: string;
}

export class ResumableState {
  readonly v1Dir: string;
  readonly v2Dir: string;

  constructor(
    private readonly db: Db,
    dataDir: string,
  ) {
    this.v1Dir = path.join(dataDir, "resumable", "v1");
    this.v2Dir = path.join(dataDir, "resumable", "v2");
    mkdirSync(this.v1Dir, { recursive: true });
    mkdirSync(this.v2Dir, { recursive: true });
  }

  // ---- v1 blocks ----

  blockPath(id: string): string {
    return path.join(this.v1Dir, id);
  }

  block(id: string): BlockRow | undefined {
    if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
    return this.db.prepare("SELECT * FROM v1_blocks WHERE id = ?").get(id) as BlockRow | undefined;
  }

  /** Writes `chunk` at `offset` of a block file, then records the new length. */
  async writeBlock(id: string, size: number, offset: number, chunk: Buffer, now: number): Promise<BlockRow> {
    const fh = await open(this.blockPath(id), offset === 0 ? "w" : "r+");
    try {
      await fh.write(chunk, 0, chunk.length, offset);
    } finally {
      await fh.close();
    }
    const row: BlockRow = { id, size, written: offset + chunk.length, expires_at: now + V1_BLOCK_TTL_MS };
    this.db
      .prepare(
        "INSERT INTO v1_blocks (id, size, written, expires_at) VALUES (@id, @size, @written, @expires_at) ON CONFLICT(id) DO UPDATE SET written = excluded.written, expires_at = excluded.expires_at",
      )
      .run(row);
    return row;
  }

  newBlockId(): string {
    return randomBytes(16).toString("hex");
  }

  deleteBlocks(ids: string[]): void {
    const del = this.db.prepare("DELETE FROM v1_blocks WHERE id = ?");
    this.db.transaction(() => ids.forEach((id) => del.run(id)))();
    for (const id of ids) rmSync(this.blockPath(id), { force: true });
  }

  // ---- v2 uploads ----

  uploadDir(id: string): string {
    return path.join(this.v2Dir, id);
  }

  createUpload(bucket: string, key: string | null, now: number): UploadRow {
    const row: UploadRow = { id: `emu-${randomBytes(16).toString("hex")}`, bucket, key, created_at: now, expires_at: now + V2_UPLOAD_TTL_MS };
    mkdirSync(this.uploadDir(row.id), { recursive: true });
    this.db.prepare("INSERT INTO v2_uploads (id, bucket, key, created_at, expires_at) VALUES (@id, @bucket, @key, @created_at, @expires_at)").run(row);
    return row;
  }

  upload(id: string, now: number): UploadRow | undefined {
    const row = this.db.prepare("SELECT * FROM v2_uploads WHERE id = ?").get(id) as UploadRow | undefined;
    return row && row.expires_at > now ? row : undefined;
  }

  parts(uploadId: string, after = 0, limit = 10000): PartRow[] {
    return this.db
      .prepare("SELECT * FROM v2_parts WHERE upload_id = ? AND part_number > ? ORDER BY part_number LIMIT ?")
      .all(uploadId, after, limit) as PartRow[];
  }

  part(uploadId: string, partNumber: number): PartRow | undefined {
    return this.db.prepare("SELECT * FROM v2_parts WHERE upload_id = ? AND part_number = ?").get(uploadId, partNumber) as PartRow | undefined;
  }

  partPath(p: Pick<PartRow, "upload_id" | "file">): string {
    return path.join(this.uploadDir(p.upload_id), p.file);
  }

  /** Where a part's bytes are: its own file, or its slot in the upload's data file. */
  partSource(p: Pick<PartRow, "upload_id" | "part_number" | "file" | "size">): { path: string; offset: number; size: number } {
    const stride = slotStride(p.file);
    if (stride === undefined) return { path: this.partPath(p), offset: 0, size: p.size };
    return { path: path.join(this.uploadDir(p.upload_id), DATA_FILE), offset: (p.part_number - 1) * stride, size: p.size };
  }

  /**
   * Streams a part body to disk, then records it (replacing an earlier upload of that number).
   *
   * Parts go straight to their place in the upload's data file when the upload's parts have one size (every SDK
   * uses a fixed part size): the first part to arrive sets the stride, and part n of at most that size is written at
   * (n - 1) × stride. complete() then only links that file into the store instead of copying every byte. A part
   * goes to a file of its own instead when its slot is taken (a re-upload of a recorded part must not overwrite
   * bytes still in use), when it is larger than the stride, when its length is not declared, or while the upload
   * is completing.
   */
  async writePart(
    upload: UploadRow,
    partNumber: number,
    body: AsyncIterable<unknown>,
    maxBytes: number,
    now: number,
    declaredLength?: number,
  ): Promise<{ row: PartRow; digest: ContentDigest }> {
    const slot = this.claimSlot(upload.id, partNumber, declaredLength);
    const file = slot === undefined ? `${partNumber}-${randomBytes(6).toString("hex")}` : `${SLOT_PREFIX}${slot}`;
    const target = slot === undefined ? path.join(this.uploadDir(upload.id), file) : path.join(this.uploadDir(upload.id), DATA_FILE);
    const hasher = new ContentHasher({ crc32: false });
    try {
      await writeHashed(body, target, slot === undefined ? "replace" : (partNumber - 1) * slot, hasher, Math.min(maxBytes, slot ?? maxBytes));
    } catch (err) {
      // A slot's bytes are simply not recorded; a file of its own is removed.
      if (slot === undefined) await rm(target, { force: true });
      throw err;
    } finally {
      if (slot !== undefined) this.releaseSlot(upload.id, partNumber);
    }
    const digest = hasher.digest();
    const previous = this.part(upload.id, partNumber);
    const row: PartRow = {
      upload_id: upload.id,
      part_number: partNumber,
      size: digest.size,
      etag: digest.etag,
      md5: digest.md5,
      put_time: Math.floor(now / 1000),
      file,
    };
    // The upload may have been completed or aborted meanwhile: only record parts of live uploads.
    const live = this.db.transaction(() => {
      if (!this.db.prepare("SELECT 1 FROM v2_uploads WHERE id = ?").get(upload.id)) return false;
      this.db
        .prepare(
          "INSERT OR REPLACE INTO v2_parts (upload_id, part_number, size, etag, md5, put_time, file) VALUES (@upload_id, @part_number, @size, @etag, @md5, @put_time, @file)",
        )
        .run(row);
      return true;
    })();
    if (!live) {
      if (slot === undefined) await rm(target, { force: true });
      throw new Error("upload vanished");
    }
    if (previous && previous.file !== file && slotStride(previous.file) === undefined) await rm(this.partPath(previous), { force: true });
    if (slot !== undefined) this.flushLater(upload.id, digest.size);
    this.followParts(upload.id, partNumber);
    return { row, digest };
  }

  /**
   * The whole content's MD5, computed while the parts arrive: the parts that fill the data file's slots from part 1
   * on, without gaps, are fed to a worker in order as soon as they are recorded, so complete only adds the rest.
   * Started once that run reaches MD5_WORKER_MIN_BYTES (small uploads are hashed at complete), for a few uploads at
   * a time. A re-upload of a part already fed makes it useless: complete then hashes everything itself.
   */
  private readonly followers = new Map<string, { md5: BackgroundMd5; next: number; stride: number }>();

  private followParts(uploadId: string, recorded: number): void {
    let f = this.followers.get(uploadId);
    if (f && recorded < f.next) {
      f.md5.close();
      this.followers.delete(uploadId);
      this.unfollowed.add(uploadId);
      return;
    }
    if (this.unfollowed.has(uploadId)) return;
    const stride = this.strides.get(uploadId);
    if (stride === undefined) return;
    const next = f?.next ?? 1;
    const run: FileRange[] = [];
    const data = path.join(this.uploadDir(uploadId), DATA_FILE);
    for (let n = next; ; n++) {
      const row = this.part(uploadId, n);
      if (!row || row.file !== `${SLOT_PREFIX}${stride}` || row.size !== stride) break;
      run.push({ path: data, offset: (n - 1) * stride, size: stride });
    }
    if (run.length === 0) return;
    if (!f) {
      if (run.length * stride < MD5_WORKER_MIN_BYTES || this.followers.size >= MAX_FOLLOWERS) return;
      f = { md5: new BackgroundMd5(), next: 1, stride };
      this.followers.set(uploadId, f);
    }
    f.md5.add(run);
    f.next = next + run.length;
  }

  /** Whether an upload's MD5 is being computed as its parts arrive (for tests). */
  isFollowed(uploadId: string): boolean {
    return this.followers.has(uploadId);
  }

  /** Uploads whose follower was dropped (a fed part was replaced): not followed again. */
  private readonly unfollowed = new Set<string>();

  private dropFollower(uploadId: string): void {
    this.followers.get(uploadId)?.md5.close();
    this.followers.delete(uploadId);
    this.unfollowed.delete(uploadId);
  }

  /** Bytes written to each upload's data file since its last flush, and the flushes running. */
  private readonly unflushed = new Map<string, number>();
  private readonly flushing = new Map<string, Promise<void>>();

  /**
   * Starts writing an upload's data file to disk in the background every FLUSH_EVERY_BYTES. The store fsyncs the
   * content at complete anyway; flushing as the parts arrive lets the disk work while the network does, so that
   * fsync finds little left to do. Failures are left to that fsync, which reports them.
   */
  private flushLater(uploadId: string, bytes: number): void {
    const pending = (this.unflushed.get(uploadId) ?? 0) + bytes;
    if (pending < FLUSH_EVERY_BYTES || this.flushing.has(uploadId)) {
      this.unflushed.set(uploadId, pending);
      return;
    }
    this.unflushed.set(uploadId, 0);
    const run = (async () => {
      const fh = await open(path.join(this.uploadDir(uploadId), DATA_FILE), "r");
      try {
        await fh.datasync();
      } finally {
        await fh.close();
      }
    })()
      .catch(() => undefined)
      .finally(() => this.flushing.delete(uploadId));
    this.flushing.set(uploadId, run);
  }

  /** In-process bookkeeping of slot writes: uploads' strides, slots being written, uploads being completed. */
  private readonly strides = new Map<string, number>();
  private readonly writing = new Map<string, Set<number>>();
  private readonly completing = new Set<string>();

  private claimSlot(uploadId: string, partNumber: number, declaredLength: number | undefined): number | undefined {
    if (declaredLength === undefined || declaredLength <= 0 || this.completing.has(uploadId)) return undefined;
    let stride = this.strides.get(uploadId);
    if (stride === undefined) {
      // After a restart: the stride of the slots already recorded, else this part's length.
      const recorded = this.db.prepare("SELECT file FROM v2_parts WHERE upload_id = ? AND file LIKE ? LIMIT 1").get(uploadId, `${SLOT_PREFIX}%`) as
        { file: string } | undefined;
      stride = (recorded && slotStride(recorded.file)) || declaredLength;
      this.strides.set(uploadId, stride);
    }
    const busy = this.writing.get(uploadId) ?? new Set<number>();
    if (declaredLength > stride || busy.has(partNumber) || this.part(uploadId, partNumber)) return undefined;
    busy.add(partNumber);
    this.writing.set(uploadId, busy);
    return stride;
  }

  private releaseSlot(uploadId: string, partNumber: number): void {
    const busy = this.writing.get(uploadId);
    busy?.delete(partNumber);
    if (busy?.size === 0) this.writing.delete(uploadId);
  }

  /**
   * Assembles the listed parts (in order) as the file `dest`, for complete. When they fill the upload's data file
   * exactly (parts 1..N in their slots, nothing else written there), `dest` becomes a hard link to it: no byte is
   * copied. Otherwise the parts are copied. The content's MD5 is computed on a worker thread meanwhile (the etag
   * comes from the parts' own, see up-v2.ts). Call finishCompleting() afterwards.
   */
  async assemble(uploadId: string, rows: readonly PartRow[], dest: string): Promise<{ size: number; md5: string }> {
    this.completing.add(uploadId);
    const size = rows.reduce((n, r) => n + r.size, 0);
    const stride = slotStride(rows[0]?.file ?? "");
    const inPlace =
      stride !== undefined &&
      !this.writing.has(uploadId) &&
      rows.every((r, i) => r.part_number === i + 1 && slotStride(r.file) === stride && (i === rows.length - 1 ? r.size <= stride : r.size === stride)) &&
      (this.db.prepare("SELECT count(*) AS n FROM v2_parts WHERE upload_id = ? AND file LIKE ?").get(uploadId, `${SLOT_PREFIX}%`) as { n: number }).n ===
        rows.length;
    if (!inPlace)
      return this.concatenate(
        rows.map((r) => this.partSource(r)),
        dest,
      );
    const data = path.join(this.uploadDir(uploadId), DATA_FILE);
    const fh = await open(data, "r+");
    let md5: string;
    try {
      // Bytes past the last part (a cut-off upload of a part that was never recorded) are not content.
      await fh.truncate(size);
      await link(data, dest);
      // The store fsyncs the content before recording it: flushing now, while the MD5 is computed, overlaps the two.
      [md5] = await Promise.all([this.followedMd5(uploadId, rows) ?? md5OfFiles([{ path: data, offset: 0, size }], size), fh.sync()]);
    } finally {
      await fh.close();
    }
    return { size, md5 };
  }

  finishCompleting(uploadId: string): void {
    this.completing.delete(uploadId);
  }

  /** The MD5 of the listed parts from the upload's follower, if it fed exactly their first ones; else undefined. */
  private followedMd5(uploadId: string, rows: readonly PartRow[]): Promise<string> | undefined {
    const f = this.followers.get(uploadId);
    if (!f) return undefined;
    this.followers.delete(uploadId);
    if (f.next > rows.length + 1) {
      f.md5.close();
      return undefined;
    }
    const data = path.join(this.uploadDir(uploadId), DATA_FILE);
    f.md5.add(rows.slice(f.next - 1).map((r) => ({ path: data, offset: (r.part_number - 1) * f.stride, size: r.size })));
    return f.md5.digest().finally(() => f.md5.close());
  }

  /**
   * Concatenates byte ranges of files (in the given order) into `dest`. The whole content's MD5 is computed on a
   * worker thread from the sources while this thread copies them.
   */
  async concatenate(sources: readonly { path: string; size: number; offset?: number }[], dest: string): Promise<{ size: number; md5: string }> {
    const size = sources.reduce((n, p) => n + p.size, 0);
    const ranges = sources.map((s) => ({ path: s.path, offset: s.offset ?? 0, size: s.size }));
    const md5 = md5OfFiles(ranges, size);
    const out = await open(dest, "w");
    try {
      const buf = Buffer.allocUnsafe(1024 * 1024);
      let written = 0;
      for (const r of ranges) {
        const src = await open(r.path, "r");
        try {
          for (let done = 0, n; done < r.size; done += n) {
            n = (await src.read(buf, 0, Math.min(buf.length, r.size - done), r.offset + done)).bytesRead;
            if (n === 0) break;
            await out.write(buf, 0, n);
            written += n;
          }
        } finally {
          await src.close();
        }
      }
      if (written !== size) throw new Error(`parts hold ${written} bytes, ${size} recorded`);
    } finally {
      await out.close();
    }
    return { size, md5: await md5 };
  }

  deleteUpload(id: string): void {
    this.dropFollower(id);
    this.strides.delete(id);
    this.unflushed.delete(id);
    this.completing.delete(id);
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM v2_parts WHERE upload_id = ?").run(id);
      this.db.prepare("DELETE FROM v2_uploads WHERE id = ?").run(id);
    })();
    rmSync(this.uploadDir(id), { recursive: true, force: true });
  }

  // ---- maintenance ----

  sweepExpired(now: number): number {
    const blocks = (this.db.prepare("SELECT id FROM v1_blocks WHERE expires_at <= ?").all(now) as { id: string }[]).map((r) => r.id);
    this.deleteBlocks(blocks);
    const uploads = (this.db.prepare("SELECT id FROM v2_uploads WHERE expires_at <= ?").all(now) as { id: string }[]).map((r) => r.id);
    uploads.forEach((id) => this.deleteUpload(id));
    return blocks.length + uploads.length;
  }

  /** After a crash: files without rows. */
  sweepOrphans(): number {
    let n = 0;
    for (const name of readdirSync(this.v1Dir)) {
      if (!this.block(name)) {
        rmSync(this.blockPath(name), { force: true });
        n++;
      }
    }
    for (const id of readdirSync(this.v2Dir)) {
      if (!this.db.prepare("SELECT 1 FROM v2_uploads WHERE id = ?").get(id)) {
        rmSync(this.uploadDir(id), { recursive: true, force: true });
        n++;
        continue;
      }
      const known = new Set(this.parts(id).map((p) => (slotStride(p.file) === undefined ? p.file : DATA_FILE)));
      for (const f of readdirSync(this.uploadDir(id))) {
        if (!known.has(f)) {
          rmSync(path.join(this.uploadDir(id), f), { force: true });
          n++;
        }
      }
    }
    // Uploads whose directory vanished cannot complete: drop them.
    for (const { id } of this.db.prepare("SELECT id FROM v2_uploads").all() as { id: string }[]) {
      if (!existsSync(this.uploadDir(id))) this.deleteUpload(id);
    }
    return n;
  }
}
