import "server-only";
// SQL for batch_items rows (migration 003). Writes go in sets (arrays): one statement per chunk of ≤1000.
// In-flight chunks are in batch-chunks-store.ts.
import type { PlanCheck, PlannedItem } from "@/lib/batch/plan";
import type { Db, Queryable } from "@/server/db";
import { decodeItemKeys, toDbText } from "./key-text";

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

// An item still pending in its row may be covered by a chunk row (migrations 007, 009): inside an open chunk it has
// been sent and its answer is not recorded yet ("inflight"); inside a chunk marked done Qiniu answered 200 ("done", one
// attempt more). Chunk rows never overlap, so the only candidate is the nearest one starting at or before the item.
const ITEMS = `batch_items i LEFT JOIN LATERAL (
    SELECT CASE WHEN c.done THEN 'done' ELSE 'inflight' END AS state
    FROM (SELECT last_seq, done FROM batch_chunks c WHERE i.status = 'pending' AND c.job_id = i.job_id AND c.first_seq <= i.seq ORDER BY c.first_seq DESC LIMIT 1) c
    WHERE c.last_seq >= i.seq
  ) ch ON true`;
const STATUS = "coalesce(ch.state, i.status)";
const COLUMNS = `i.seq, i.bucket, i.key, i.target_bucket AS "targetBucket", i.target_key AS "targetKey", i.skip, i."check",
  ${STATUS} AS status, CASE WHEN ch.state = 'done' THEN 200 ELSE i.code END AS code, i.message, i.data,
  i.attempts + CASE WHEN ch.state = 'done' THEN 1 ELSE 0 END AS attempts`;

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
      items.map((i) => toDbText(i.key)),
      items.map((i) => i.targetBucket),
      items.map((i) => toDbText(i.targetKey)),
      items.map((i) => i.skip),
      check,
    ],
  );
}

export type StatusCounts = Record<ItemStatus, number> & { total: number };

export async function countByStatus(db: Queryable, jobId: string): Promise<StatusCounts> {
  const rows = await db.query<{ status: ItemStatus; n: number }>("SELECT status, count(*)::int AS n FROM batch_items WHERE job_id = $1 GROUP BY status", [
    jobId,
  ]);
  const counts: StatusCounts = { pending: 0, inflight: 0, done: 0, failed: 0, skipped: 0, total: 0 };
  for (const r of rows) {
    counts[r.status] += r.n;
    counts.total += r.n;
  }
  // Pending rows covered by a chunk row are in flight (open chunk) or done (chunk marked done): see ITEMS. Counted chunk
  // by chunk along the primary key (a plain join of the two tables can make the planner compare every pair).
  const covered = await db.query<{ done: boolean; n: number }>(
    `SELECT c.done, sum(r.n)::int AS n FROM batch_chunks c CROSS JOIN LATERAL (
       SELECT count(*) AS n FROM batch_items i WHERE i.job_id = c.job_id AND i.seq BETWEEN c.first_seq AND c.last_seq AND i.status = 'pending'
     ) r WHERE c.job_id = $1 GROUP BY c.done`,
    [jobId],
  );
  for (const r of covered) {
    counts[r.done ? "done" : "inflight"] += r.n;
    counts.pending -= r.n;
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

/** Items the dry run has not stat'ed yet, in order, after `afterSeq` (the caller walks forward). */
export async function uncheckedItems(db: Queryable, jobId: string, afterSeq: number, limit: number): Promise<BatchItemRecord[]> {
  const rows = await db.query<BatchItemRecord>(
    // Before the first run: no chunk covers any item yet, so the stored status is the status.
    `SELECT i.seq, i.bucket, i.key, i.target_bucket AS "targetBucket", i.target_key AS "targetKey", i.skip, i."check", i.status, i.code, i.message, i.data, i.attempts
     FROM batch_items i WHERE i.job_id = $1 AND i.status = 'pending' AND i.seq > $2 AND i.skip IS NULL AND i."check" IS NULL ORDER BY i.seq LIMIT $3`,
    [jobId, afterSeq, limit],
  );
  return decodeItemKeys(rows);
}

export async function setChecks(db: Queryable, jobId: string, checks: readonly { seq: number; check: PlanCheck }[]): Promise<void> {
  for (const [check, seqs] of groupBy(checks, (c) => c.check)) {
    await db.query(`UPDATE batch_items SET "check" = $3 WHERE job_id = $1 AND seq = ANY($2::int[])`, [jobId, seqs.map((c) => c.seq), check]);
  }
}

function groupBy<T, K>(list: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of list) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
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

export interface ItemOutcome {
  seq: number;
  status: "done" | "failed" | "pending";
  code: number | null;
  message: string | null;
  data?: unknown;
}

/**
 * Writes answers (`sent`: the items were sent once more, counted in `attempts`). Items without data are grouped by outcome (a chunk is usually all "done, 200"): one statement per
 * group along the primary key. Stat results carry per-item data and are joined from arrays.
 */
export async function recordOutcomes(db: Queryable, jobId: string, outcomes: readonly ItemOutcome[], sent = true): Promise<void> {
  const attempts = sent ? "attempts + 1" : "attempts";
  const withData = outcomes.filter((o) => o.data !== undefined);
  const plain = outcomes.filter((o) => o.data === undefined);
  for (const group of groupBy(plain, (o) => `${o.status}\u0000${o.code}\u0000${o.message}`).values()) {
    const { status, code, message } = group[0];
    await db.query(
      `UPDATE batch_items SET status = $3, code = $4, message = $5, data = NULL, attempts = ${attempts} WHERE job_id = $1 AND seq = ANY($2::int[])`,
      [jobId, group.map((o) => o.seq), status, code, message],
    );
  }
  if (withData.length === 0) return;
  await db.query(
    `UPDATE batch_items b SET status = u.status, code = u.code, message = u.message, data = u.data::jsonb, attempts = b.${attempts}
     FROM unnest($2::int[], $3::text[], $4::int[], $5::text[], $6::text[]) AS u(seq, status, code, message, data)
     WHERE b.job_id = $1 AND b.seq = ANY($2::int[]) AND b.seq = u.seq`,
    [
      jobId,
      withData.map((o) => o.seq),
      withData.map((o) => o.status),
      withData.map((o) => o.code),
      withData.map((o) => o.message),
      withData.map((o) => JSON.stringify(o.data)),
    ],
  );
}

/** Refreshes the planner's statistics after bulk writes (PGlite runs no autovacuum). */
export async function analyzeItems(db: Queryable): Promise<void> {
  await db.query("ANALYZE batch_items");
}

/**
 * Writes the answers of chunks marked done into their items' rows and removes the marks. Runs before items can
 * become pending again (a run starts, failed items are queued again), so that a mark never covers an item it did not send.
 */
export async function foldDoneChunks(db: Db, jobId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const marks = await tx.query<{ first: number; last: number }>(
      `SELECT first_seq AS first, last_seq AS last FROM batch_chunks WHERE job_id = $1 AND done ORDER BY first_seq`,
      [jobId],
    );
    // Chunk by chunk: each update is a range scan along the primary key.
    for (const { first, last } of marks) {
      await tx.query(
        `UPDATE batch_items SET status = 'done', code = 200, message = NULL, data = NULL, attempts = attempts + 1
         WHERE job_id = $1 AND seq BETWEEN $2 AND $3 AND status = 'pending'`,
        [jobId, first, last],
      );
    }
    if (marks.length) await tx.query("DELETE FROM batch_chunks WHERE job_id = $1 AND done", [jobId]);
  });
}

/** Puts failed items back in the queue (a retry); returns how many. */
export async function requeueFailed(db: Db, jobId: string): Promise<number> {
  await foldDoneChunks(db, jobId);
  const rows = await db.query(`UPDATE batch_items SET status = 'pending', code = NULL, message = NULL WHERE job_id = $1 AND status = 'failed' RETURNING seq`, [
    jobId,
  ]);
  return rows.length;
}

/** A page of items in order: by `offset` (pages of the table), or after `afterSeq` (walking all of them: exports). */
export async function listItems(
  db: Queryable,
  jobId: string,
  opts: { filter: ItemFilter; offset: number; limit: number; afterSeq?: number },
): Promise<BatchItemRecord[]> {
  const where = filterSql(opts.filter);
  const rows = await db.query<BatchItemRecord>(
    `SELECT ${COLUMNS} FROM ${ITEMS} WHERE i.job_id = $1 AND i.seq > $4 ${where} ORDER BY i.seq LIMIT $2 OFFSET $3`,
    [jobId, opts.limit, opts.offset, opts.afterSeq ?? -1],
  );
  return decodeItemKeys(rows);
}

export async function countItems(db: Queryable, jobId: string, filter: ItemFilter): Promise<number> {
  // By status: counted along the chunk ranges (countByStatus) rather than item by item.
  if (filter !== "all" && filter !== "attention") return (await countByStatus(db, jobId))[filter];
  const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM batch_items i WHERE i.job_id = $1 ${filterSql(filter)}`, [jobId]);
  return rows[0].n;
}

function filterSql(filter: ItemFilter): string {
  if (filter === "all") return "";
  if (filter === "attention") return `AND i."check" IN ('conflict', 'missing', 'overwrite')`;
  return `AND ${STATUS} = '${filter}'`;
}

/** Done items that have a target (moves, renames), in order, after `afterSeq`: the input of an undo job. */
export async function doneTargetedItems(db: Queryable, jobId: string, afterSeq: number, limit: number): Promise<BatchItemRecord[]> {
  const rows = await db.query<BatchItemRecord>(
    `SELECT ${COLUMNS} FROM ${ITEMS} WHERE i.job_id = $1 AND ${STATUS} = 'done' AND i.target_key IS NOT NULL AND i.seq > $2 ORDER BY i.seq LIMIT $3`,
    [jobId, afterSeq, limit],
  );
  return decodeItemKeys(rows);
}
