import "server-only";
// Chunks (migrations 007, 009): a row per batch request, written before the request is sent and deleted together with
// the recording of its answers, or kept and marked done when every answer was 200. Items still pending inside an
// open (not done) row are the ones whose outcome is unknown.
import type { Db, Queryable } from "@/server/db";
import { decodeItemKeys } from "./key-text";
import { recordOutcomes, type BatchItemRecord, type ItemOutcome } from "./items-store";

/** What sending an item needs. */
export type ClaimedItem = Pick<BatchItemRecord, "seq" | "bucket" | "key" | "targetBucket" | "targetKey">;

/**
 * The runner a chunk is sent for, and the lease it takes for the request: a chunk is marked only while the runner still
 * holds the job (runner_id, which a takeover changes), and marking it renews the lease for `leaseMs`, so no other
 * instance may take the job over while the request is on its way.
 */
export interface LeaseHolder {
  runnerId: string;
  leaseMs: number;
}

/** Thrown when the job is no longer held by the runner (its lease lapsed and another instance took it over). */
export class LeaseLost extends Error {}

/**
 * Inside a transaction that records outcomes: throws LeaseLost unless `holder` still holds the job. FOR SHARE: a
 * takeover (an UPDATE of the job row) waits for the transaction to end, or the transaction sees it and writes nothing.
 */
export async function assertHolder(tx: Queryable, jobId: string, holder: LeaseHolder | undefined): Promise<void> {
  if (!holder) return;
  const rows = await tx.query("SELECT 1 FROM batch_jobs WHERE id = $1 AND runner_id = $2 FOR SHARE", [jobId, holder.runnerId]);
  if (rows.length === 0) throw new LeaseLost(`job ${jobId}: taken over by another instance; its answers are left to it`);
}

export interface Chunk {
  firstSeq: number;
  items: ClaimedItem[];
}

/**
 * The next `limit` pending items after `afterSeq`, marked in-flight as one chunk row before they are sent. The runner
 * walks the job forward with `afterSeq`, reading along the primary key from where the last chunk stopped.
 */
export async function claimChunk(db: Queryable, jobId: string, afterSeq: number, limit: number, holder?: LeaseHolder): Promise<Chunk | undefined> {
  // Reading 1000 rows field by field costs the embedded database several times more than a few JSON texts: one per
  // column (json_agg of a plain column is the cheapest form). The chunk row is written by a second, tiny statement
  // before anything is sent.
  const rows = await db.query<{ seqs: string | null; buckets: string; keys: string; targetBuckets: string; targetKeys: string }>(
    `SELECT json_agg(seq)::text AS seqs, json_agg(bucket)::text AS buckets, json_agg(key)::text AS keys,
            json_agg(target_bucket)::text AS "targetBuckets", json_agg(target_key)::text AS "targetKeys"
     FROM (SELECT seq, bucket, key, target_bucket, target_key FROM batch_items
           WHERE job_id = $1 AND seq > $2 AND status = 'pending' ORDER BY seq LIMIT $3) c`,
    [jobId, afterSeq, limit],
  );
  const row = rows[0];
  if (!row?.seqs) return undefined;
  const seqs = JSON.parse(row.seqs) as number[];
  const [buckets, keys, targetBuckets, targetKeys] = [row.buckets, row.keys, row.targetBuckets, row.targetKeys].map((t) => JSON.parse(t) as (string | null)[]);
  // The aggregates read the ordered subquery in order; a claim out of order would be a broken walk, so check it.
  for (let i = 1; i < seqs.length; i++) if (seqs[i] <= seqs[i - 1]) throw new Error("batch items claimed out of order");
  const items = decodeItemKeys(
    seqs.map((seq, i): ClaimedItem => ({ seq, bucket: buckets[i]!, key: keys[i]!, targetBucket: targetBuckets[i], targetKey: targetKeys[i] })),
  );
  if (!holder) {
    await db.query("INSERT INTO batch_chunks (job_id, first_seq, last_seq) VALUES ($1, $2, $3)", [jobId, seqs[0], seqs[seqs.length - 1]]);
  } else {
    const marked = await db.query(
      `WITH held AS (
         UPDATE batch_jobs SET lease_until = now() + make_interval(secs => $5::double precision) WHERE id = $1 AND runner_id = $4 RETURNING id)
       INSERT INTO batch_chunks (job_id, first_seq, last_seq) SELECT $1, $2, $3 FROM held RETURNING first_seq`,
      [jobId, seqs[0], seqs[seqs.length - 1], holder.runnerId, holder.leaseMs / 1000],
    );
    if (marked.length === 0) throw new LeaseLost(`job ${jobId}: taken over by another instance; nothing more is sent from here`);
  }
  return { firstSeq: seqs[0], items };
}

/**
 * Records a chunk's answers and closes it, in one transaction together with `alongside` (its audit record): all happen
 * or none. A chunk answered 200 throughout (and not a stat, whose answers are kept per item) is only marked done: its
 * items read as done from the mark (migration 009).
 */
export async function recordChunk(
  db: Db,
  jobId: string,
  firstSeq: number,
  outcomes: readonly ItemOutcome[],
  alongside?: (tx: Queryable) => Promise<void>,
  holder?: LeaseHolder,
): Promise<void> {
  const allDone = outcomes.every((o) => o.status === "done" && o.code === 200 && o.data === undefined);
  await db.transaction(async (tx) => {
    // Not recorded once taken over: the chunk then stays open and the new holder settles it from the objects' state.
    await assertHolder(tx, jobId, holder);
    if (allDone) {
      await tx.query("UPDATE batch_chunks SET done = true WHERE job_id = $1 AND first_seq = $2", [jobId, firstSeq]);
    } else {
      await recordOutcomes(tx, jobId, outcomes);
      await tx.query("DELETE FROM batch_chunks WHERE job_id = $1 AND first_seq = $2", [jobId, firstSeq]);
    }
    await alongside?.(tx);
  });
}

/** Closes a chunk that was refused as a whole before any op ran: its items simply stay pending. */
export async function releaseChunk(db: Queryable, jobId: string, firstSeq: number): Promise<void> {
  await db.query("DELETE FROM batch_chunks WHERE job_id = $1 AND first_seq = $2 AND NOT done", [jobId, firstSeq]);
}

/** Items sent whose answers were never recorded (the process died, or the answer was lost). */
export async function inflightItems(db: Queryable, jobId: string): Promise<BatchItemRecord[]> {
  const rows = await db.query<BatchItemRecord>(
    `SELECT i.seq, i.bucket, i.key, i.target_bucket AS "targetBucket", i.target_key AS "targetKey", i.skip, i."check", 'inflight' AS status,
            i.code, i.message, i.data, i.attempts
     FROM batch_chunks c CROSS JOIN LATERAL (
       SELECT * FROM batch_items i WHERE i.job_id = c.job_id AND i.seq BETWEEN c.first_seq AND c.last_seq AND i.status = 'pending'
     ) i
     WHERE c.job_id = $1 AND NOT c.done ORDER BY i.seq`,
    [jobId],
  );
  return decodeItemKeys(rows);
}

/** Closes every open chunk of a job once its in-flight items are settled (chunks marked done stay: they hold answers). */
export async function clearOpenChunks(db: Queryable, jobId: string): Promise<void> {
  await db.query("DELETE FROM batch_chunks WHERE job_id = $1 AND NOT done", [jobId]);
}
