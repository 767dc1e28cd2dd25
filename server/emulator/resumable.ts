// State of resumable uploads: v1 blocks (mkblk/bput) and v2 multipart uploads (init/parts), as files under
// <data>/resumable plus rows in SQLite. A row is written only after its bytes are on disk, so a crash leaves at
// worst unreferenced files, removed by sweepOrphans(). Expired state is removed by sweepExpired().
import { randomBytes } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { open, rm } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Db } from "./db";
import { ContentHasher, md5OfFiles, type ContentDigest } from "./hashing";
import { hashingStream } from "./multipart";

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
      .prepare("INSERT INTO v1_blocks (id, size, written, expires_at) VALUES (@id, @size, @written, @expires_at) ON CONFLICT(id) DO UPDATE SET written = excluded.written, expires_at = excluded.expires_at")
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

  /** Streams a part body into the upload's directory, then records it (replacing an earlier upload of that number). */
  async writePart(upload: UploadRow, partNumber: number, body: NodeJS.ReadableStream, maxBytes: number, now: number): Promise<{ row: PartRow; digest: ContentDigest }> {
    const file = `${partNumber}-${randomBytes(6).toString("hex")}`;
    const target = path.join(this.uploadDir(upload.id), file);
    const hasher = new ContentHasher({ crc32: false });
    const guard = hashingStream(hasher);
    guard.on("data", () => {
      if (hasher.bytes > maxBytes) guard.destroy(new Error("part too large"));
    });
    try {
      await pipeline(body, guard, createWriteStream(target));
    } catch (err) {
      await rm(target, { force: true });
      throw err;
    }
    const digest = hasher.digest();
    const previous = this.part(upload.id, partNumber);
    const row: PartRow = { upload_id: upload.id, part_number: partNumber, size: digest.size, etag: digest.etag, md5: digest.md5, put_time: Math.floor(now / 1000), file };
    // The upload may have been completed or aborted meanwhile: only record parts of live uploads.
    const live = this.db.transaction(() => {
      if (!this.db.prepare("SELECT 1 FROM v2_uploads WHERE id = ?").get(upload.id)) return false;
      this.db
        .prepare("INSERT OR REPLACE INTO v2_parts (upload_id, part_number, size, etag, md5, put_time, file) VALUES (@upload_id, @part_number, @size, @etag, @md5, @put_time, @file)")
        .run(row);
      return true;
    })();
    if (!live) {
      await rm(target, { force: true });
      throw new Error("upload vanished");
    }
    if (previous && previous.file !== file) await rm(this.partPath(previous), { force: true });
    return { row, digest };
  }

  /**
   * Concatenates parts (in the given order) into `dest`. The whole content's MD5 is computed on a worker thread from
   * the part files while this thread copies them (the etag comes from the parts' own, see up-v2.ts).
   */
  async concatenate(parts: readonly { path: string; size: number }[], dest: string): Promise<{ size: number; md5: string }> {
    const size = parts.reduce((n, p) => n + p.size, 0);
    const md5 = md5OfFiles(
      parts.map((p) => p.path),
      size,
    );
    const out = await open(dest, "w");
    try {
      const buf = Buffer.allocUnsafe(1024 * 1024);
      let written = 0;
      for (const p of parts) {
        const src = await open(p.path, "r");
        try {
          for (let n; (n = (await src.read(buf, 0, buf.length, null)).bytesRead) > 0; ) {
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
      const known = new Set(this.parts(id).map((p) => p.file));
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
