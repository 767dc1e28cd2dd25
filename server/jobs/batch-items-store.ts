import "server-only";
// SQL for batch_items rows (migration 003). Writes go in sets (unnest of arrays): one statement per chunk of ≤1000.
import type { PlanCheck, PlannedItem } from "@/lib/batch/plan";
import type { Queryable } from "@/server/db";

export const ITEM_STATUSES = ["pending", "inflight", "done", "failed", "skipped"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const ITEM_FILTERS = ["all", "pending", "done", "failed", "skipped", "attention"] as const;
/** `attention`: the dry run found a conflict, a missing source or an overwrite. */
export type ItemFilter = (typeof ITEM_FILTERS)[number];

export interface BatchItemRecord {
  seq: number;
  bucket: string;
  key: string;
  targetBucket: string | null;
  targetKey: string | null;
  skip: string | null;
  check: PlanCheck | null;
  status: ItemStatus;
  code: number | null;
  message: string | null;
  data: Record<string, unknown> | null;
  attempts: number;
}

const COLUMNS = `seq, bucket, key, target_bucket AS "targetBucket", target_key AS "targetKey", skip, "check", status, code, message, data, attempts`;
const PREFIXED_COLUMNS = `b.seq, b.bucket, b.key, b.target_bucket AS "targetBucket", b.target_key AS "targetKey", b.skip, b."check", b.status, b.code, b.message, b.data, b.attempts`;

export async function nextSeq(db: Queryable, jobId: string): Promise<number> {
  const rows = await db.query<{ next: number }>("SELECT coalesce(max(seq) + 1, 0)::int AS next FROM batch_items WHERE job_id = $1", [jobId]);
  return rows[0].next;
}

/** Appends planned items from `firstSeq` on; skipped ones are stored as such and never sent. */
export async function insertItems(db: Queryable, jobId: string, firstSeq: number, items: readonly PlannedItem[], check: PlanCheck | null = null) {
  if (items.length === 0) return;
  await db.query(
    `INSERT INTO batch_items (job_id, seq, bucket, key, target_bucket, target_key, skip, "check", status)
     SELECT $1, u.seq, u.bucket, u.key, u.tb, u.tk, u.skip, CASE WHEN u.skip IS NULL THEN $8 END, CASE WHEN u.skip IS NULL THEN 'pending' ELSE 'skipped' END
     FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(seq, bucket, key, tb, tk, skip)`,
    [
      jobId,
      items.map((_, i) => firstSeq + i),
      items.map((i) => i.bucket),
      items.map((i) => i.key),
      items.map((i) => i.targetBucket),
      items.map((i) => i.targetKey),
      items.map((i) => i.skip),
      check,
    ],
  );
}

export type StatusCounts = Record<ItemStatus, number> & { total: number };

export async function countByStatus(db: Queryable, jobId: string): Promise<StatusCounts> {
  const rows = await db.query<{ status: ItemStatus; n: number }>("SELECT status, count(*)::int AS n FROM batch_items WHERE job_id = $1 GROUP BY status", [jobId]);
  const counts: StatusCounts = { pending: 0, inflight: 0, done: 0, failed: 0, skipped: 0, total: 0 };
  for (const r of rows) {
    counts[r.status] = r.n;
    counts.total += r.n;
  }
  return counts;
}

export interface PlanCounts {
  checks: Record<PlanCheck | "unchecked", number>;
  skips: Record<string, number>;
}

/** The dry run's findings: verdicts of the items to send, and why the others are skipped. */
export async function countPlan(db: Queryable, jobId: string): Promise<PlanCounts> {
  const rows = await db.query<{ check: PlanCheck | null; skip: string | null; n: number }>(
    `SELECT "check", skip, count(*)::int AS n FROM batch_items WHERE job_id = $1 GROUP BY "check", skip`,
    [jobId],
  );
  const out: PlanCounts = { checks: { ok: 0, conflict: 0, overwrite: 0, missing: 0, unchecked: 0 }, skips: {} };
  for (const r of rows) {
    if (r.skip) out.skips[r.skip] = (out.skips[r.skip] ?? 0) + r.n;
    else out.checks[r.check ?? "unchecked"] += r.n;
  }
  return out;
}

/** Items the dry run has not stat'ed yet, in order. */
export async function uncheckedItems(db: Queryable, jobId: string, limit: number): Promise<BatchItemRecord[]> {
  return db.query<BatchItemRecord>(`SELECT ${COLUMNS} FROM batch_items WHERE job_id = $1 AND skip IS NULL AND "check" IS NULL ORDER BY seq LIMIT $2`, [jobId, limit]);
}

export async function setChecks(db: Queryable, jobId: string, checks: readonly { seq: number; check: PlanCheck }[]): Promise<void> {
  if (checks.length === 0) return;
  await db.query(
    `UPDATE batch_items b SET "check" = u.c FROM unnest($2::int[], $3::text[]) AS u(seq, c) WHERE b.job_id = $1 AND b.seq = u.seq`,
    [jobId, checks.map((c) => c.seq), checks.map((c) => c.check)],
  );
}

/** Every item after the first that writes to the same target is skipped (the result would depend on the order). */
export async function skipDuplicateTargets(db: Queryable, jobId: string): Promise<void> {
  await db.query(
    `UPDATE batch_items b SET skip = 'duplicate_target', status = 'skipped', "check" = NULL
     FROM (SELECT seq, row_number() OVER (PARTITION BY target_bucket, target_key ORDER BY seq) AS rn
           FROM batch_items WHERE job_id = $1 AND skip IS NULL AND target_key IS NOT NULL) d
     WHERE b.job_id = $1 AND b.seq = d.seq AND d.rn > 1`,
    [jobId],
  );
}

/**
 * Marks the next `limit` pending items in-flight and returns them. The mark is written BEFORE the batch is sent: after a
 * crash, in-flight items are exactly those whose outcome is unknown.
 */
export async function claimPending(db: Queryable, jobId: string, limit: number): Promise<BatchItemRecord[]> {
  const rows = await db.query<BatchItemRecord>(
    // The CTE is evaluated once: a plain `seq IN (SELECT … LIMIT … SKIP LOCKED)` may be re-scanned per row and then
    // keeps finding further unlocked rows, claiming far more than the limit.
    `WITH picked AS MATERIALIZED (
       SELECT seq FROM batch_items WHERE job_id = $1 AND status = 'pending' ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED
     )
     UPDATE batch_items b SET status = 'inflight', attempts = b.attempts + 1
     FROM picked WHERE b.job_id = $1 AND b.seq = picked.seq AND b.status = 'pending'
     RETURNING ${PREFIXED_COLUMNS}`,
    [jobId, limit],
  );
  return rows.sort((a, b) => a.seq - b.seq);
}

export interface ItemOutcome {
  seq: number;
  status: "done" | "failed" | "pending";
  code: number | null;
  message: string | null;
  data?: unknown;
}

export async function recordOutcomes(db: Queryable, jobId: string, outcomes: readonly ItemOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await db.query(
    `UPDATE batch_items b SET status = u.status, code = u.code, message = u.message, data = u.data::jsonb
     FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[]) AS u(seq, status, code, message, data)
     WHERE b.job_id = $1 AND b.seq = u.seq`,
    [
      jobId,
      outcomes.map((o) => o.seq),
      outcomes.map((o) => o.status),
      outcomes.map((o) => o.code),
      outcomes.map((o) => o.message),
      outcomes.map((o) => (o.data === undefined ? null : JSON.stringify(o.data))),
    ],
  );
}

export async function inflightItems(db: Queryable, jobId: string): Promise<BatchItemRecord[]> {
  return db.query<BatchItemRecord>(`SELECT ${COLUMNS} FROM batch_items WHERE job_id = $1 AND status = 'inflight' ORDER BY seq`, [jobId]);
}

/** Puts failed items back in the queue (a retry); returns how many. */
export async function requeueFailed(db: Queryable, jobId: string): Promise<number> {
  const rows = await db.query(`UPDATE batch_items SET status = 'pending', code = NULL, message = NULL WHERE job_id = $1 AND status = 'failed' RETURNING seq`, [jobId]);
  return rows.length;
}

export async function listItems(db: Queryable, jobId: string, opts: { filter: ItemFilter; offset: number; limit: number }): Promise<BatchItemRecord[]> {
  const where = filterSql(opts.filter);
  return db.query<BatchItemRecord>(`SELECT ${COLUMNS} FROM batch_items WHERE job_id = $1 ${where} ORDER BY seq LIMIT $2 OFFSET $3`, [jobId, opts.limit, opts.offset]);
}

export async function countItems(db: Queryable, jobId: string, filter: ItemFilter): Promise<number> {
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM batch_items WHERE job_id = $1 ${filterSql(filter)}`, [jobId]);
  return rows[0].n;
}

function filterSql(filter: ItemFilter): string {
  if (filter === "all") return "";
  if (filter === "attention") return `AND "check" IN ('conflict', 'missing', 'overwrite')`;
  return `AND status = '${filter}'`;
}

/** Done items that have a target (moves, renames), in order, after `afterSeq`: the input of an undo job. */
export async function doneTargetedItems(db: Queryable, jobId: string, afterSeq: number, limit: number): Promise<BatchItemRecord[]> {
  return db.query<BatchItemRecord>(
    `SELECT ${COLUMNS} FROM batch_items WHERE job_id = $1 AND status = 'done' AND target_key IS NOT NULL AND seq > $2 ORDER BY seq LIMIT $3`,
    [jobId, afterSeq, limit],
  );
}
