import "server-only";
import { randomUUID } from "node:crypto";
import { getDb, type Queryable } from "@/server/db";

// The uploads table (migration 005_uploads.sql).

export interface UploadRecordInput {
  userId: string | null;
  userEmail: string | null;
  bucket: string;
  key: string;
  hash: string;
  fsize: number;
  mimeType: string | null;
  fname: string | null;
  relativePath: string | null;
  batchId: string;
  overwrite: boolean;
  persistentId: string | null;
  source: "callback" | "confirmed";
}

export interface RecordedUpload {
  id: string;
  createdAt: Date;
  /** False when the same content was already recorded for this batch (a repeated callback). */
  inserted: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Records one stored file; idempotent per (bucket, key, hash, batch). */
export async function recordUpload(rec: UploadRecordInput, q: Queryable = getDb()): Promise<RecordedUpload> {
  const inserted = await q.query<{ id: string; created_at: Date }>(
    `INSERT INTO uploads (id, user_id, user_email, bucket, key, hash, fsize, mime_type, fname, relative_path, batch_id, overwrite, persistent_id, source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (bucket, key, hash, batch_id) DO NOTHING
     RETURNING id, created_at`,
    [
      randomUUID(),
      rec.userId && UUID.test(rec.userId) ? rec.userId : null,
      rec.userEmail,
      rec.bucket,
      rec.key,
      rec.hash,
      rec.fsize,
      rec.mimeType || null,
      rec.fname || null,
      rec.relativePath || null,
      rec.batchId,
      rec.overwrite,
      rec.persistentId || null,
      rec.source,
    ],
  );
  if (inserted[0]) return { id: inserted[0].id, createdAt: inserted[0].created_at, inserted: true };
  const [existing] = await q.query<{ id: string; created_at: Date }>(
    "SELECT id, created_at FROM uploads WHERE bucket = $1 AND key = $2 AND hash = $3 AND batch_id = $4",
    [rec.bucket, rec.key, rec.hash, rec.batchId],
  );
  return { id: existing.id, createdAt: existing.created_at, inserted: false };
}
