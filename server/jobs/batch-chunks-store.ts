import "server-only";
// In-flight chunks (migration 007): a row per batch request, written before the request is sent and deleted together
// with the recording of its answers. Items still pending inside a remaining row are the ones whose outcome is unknown.
import type { Db, Queryable } from "@/server/db";
import { recordOutcomes, type BatchItemRecord, type ItemOutcome } from "./batch-items-store";

/** What sending an item needs. */
export type ClaimedItem = Pick<BatchItemRecord, "seq" | "bucket" | "key" | "targetBucket" | "targetKey">;

export interface Chunk {
  firstSeq: number;
  items: ClaimedItem[];
}

/**
 * The next `limit` pending items after `afterSeq`, marked in-flight as one chunk row before they are sent. The runner
 * walks the job forward with `afterSeq`, reading along the primary key from where the last chunk stopped.
 */
export async function claimChunk(db: Queryable, jobId: string, afterSeq: number, limit: number): Promise<Chunk | undefined> {
  // One statement: the items come back as one JSON text (reading 1000 rows field by field costs the embedded database
  // several times more), and the chunk row is written by the same statement.
  const rows = await db.query<{ items: string | null }>(
    `WITH c AS (
       SELECT seq, bucket, key, target_bucket, target_key FROM batch_items
       WHERE job_id = $1 AND seq > $2 AND status = 'pending' ORDER BY seq LIMIT $3
     ), mark AS (
       INSERT INTO batch_chunks (job_id, first_seq, last_seq) SELECT $1, min(seq), max(seq) FROM c HAVING count(*) > 0
     )
     SELECT json_agg(json_build_array(seq, bucket, key, target_bucket, target_key) ORDER BY seq)::text AS items FROM c`,
    [jobId, afterSeq, limit],
  );
  const text = rows[0]?.items;
  if (!text) return undefined;
  const items = (JSON.parse(text) as [number, string, string, string | null, string | null][]).map(
    ([seq, bucket, key, targetBucket, targetKey]): ClaimedItem => ({ seq, bucket, key, targetBucket, targetKey }),
  );
  return { firstSeq: items[0].seq, items };
}

/** Records a chunk's answers and closes it, in one transaction: both happen or neither. */
export async function recordChunk(db: Db, jobId: string, firstSeq: number, outcomes: readonly ItemOutcome[]): Promise<void> {
  await db.transaction(async (tx) => {
    await recordOutcomes(tx, jobId, outcomes);
    await tx.query("DELETE FROM batch_chunks WHERE job_id = $1 AND first_seq = $2", [jobId, firstSeq]);
  });
}

/** Closes a chunk that was refused as a whole before any op ran: its items simply stay pending. */
export async function releaseChunk(db: Queryable, jobId: string, firstSeq: number): Promise<void> {
  await db.query("DELETE FROM batch_chunks WHERE job_id = $1 AND first_seq = $2", [jobId, firstSeq]);
}

/** Items sent whose answers were never recorded (the process died, or the answer was lost). */
export async function inflightItems(db: Queryable, jobId: string): Promise<BatchItemRecord[]> {
  return db.query<BatchItemRecord>(
    `SELECT i.seq, i.bucket, i.key, i.target_bucket AS "targetBucket", i.target_key AS "targetKey", i.skip, i."check", 'inflight' AS status,
            i.code, i.message, i.data, i.attempts
     FROM batch_chunks c JOIN batch_items i ON i.job_id = c.job_id AND i.seq BETWEEN c.first_seq AND c.last_seq
     WHERE c.job_id = $1 AND i.status = 'pending' ORDER BY i.seq`,
    [jobId],
  );
}

/** Closes every chunk of a job once its in-flight items are settled. */
export async function clearChunks(db: Queryable, jobId: string): Promise<void> {
  await db.query("DELETE FROM batch_chunks WHERE job_id = $1", [jobId]);
}
