import "server-only";
import { isUnrestricted, type Principal } from "@/lib/permissions";
import type { PrefopResult } from "@/lib/qiniu/client-types";
import { outputBucket, type PfopItemView, type PfopJobView } from "@/lib/processing/view";
import type { Queryable } from "@/server/db";

// The pfop_jobs table (migration 006_pfop_jobs.sql).

interface JobRow {
  persistent_id: string;
  created_at: Date;
  created_by_email: string | null;
  source: "console" | "upload";
  bucket: string;
  key: string;
  fops: string;
  pipeline: string | null;
  code: number;
  items: PrefopResult["items"];
  reqid: string | null;
  status_at: Date | null;
  notified_at: Date | null;
}

export interface NewJob {
  persistentId: string;
  createdBy: string | null;
  createdByEmail: string | null;
  bucket: string;
  key: string;
  fops: string;
  pipeline: string | null;
  force: boolean;
  notifyUrl: string | null;
}

export async function insertJob(q: Queryable, job: NewJob): Promise<void> {
  await q.query(
    `INSERT INTO pfop_jobs (persistent_id, created_by, created_by_email, source, bucket, key, fops, pipeline, force, notify_url)
     VALUES ($1, $2, $3, 'console', $4, $5, $6, $7, $8, $9)
     ON CONFLICT (persistent_id) DO NOTHING`,
    [job.persistentId, job.createdBy, job.createdByEmail, job.bucket, job.key, job.fops, job.pipeline, job.force, job.notifyUrl],
  );
}

/**
 * Jobs started by uploads (persistentOps) are known from the uploads table; copy the ones not seen yet so they
 * appear in the list and are followed like the others.
 */
export async function importUploadJobs(q: Queryable): Promise<void> {
  await q.query(
    `INSERT INTO pfop_jobs (persistent_id, created_at, created_by, created_by_email, source, bucket, key)
     SELECT DISTINCT ON (u.persistent_id) u.persistent_id, u.created_at, u.user_id, u.user_email, 'upload', u.bucket, u.key
     FROM uploads u
     WHERE u.persistent_id IS NOT NULL AND u.persistent_id <> ''
       AND NOT EXISTS (SELECT 1 FROM pfop_jobs j WHERE j.persistent_id = u.persistent_id)
     ORDER BY u.persistent_id, u.created_at
     ON CONFLICT (persistent_id) DO NOTHING`,
  );
}

/** A persistentId we started (console) or an upload of ours started: only those may be refreshed by a notification. */
export async function isKnownJob(q: Queryable, persistentId: string): Promise<boolean> {
  const rows = await q.query<{ n: number }>(
    `SELECT 1 AS n FROM pfop_jobs WHERE persistent_id = $1
     UNION ALL SELECT 1 FROM uploads WHERE persistent_id = $1 LIMIT 1`,
    [persistentId],
  );
  return rows.length > 0;
}

/** Stores Qiniu's answer (the truth) for a job; `notified` marks that a notification prompted it. */
export async function saveStatus(q: Queryable, status: PrefopResult, opts: { notified?: boolean } = {}): Promise<void> {
  await q.query(
    `UPDATE pfop_jobs SET code = $2, items = $3::jsonb, status_at = now(),
       fops = CASE WHEN fops = '' THEN $4 ELSE fops END,
       pipeline = COALESCE(pipeline, $5),
       reqid = COALESCE(reqid, $6),
       notified_at = CASE WHEN $7 THEN now() ELSE notified_at END
     WHERE persistent_id = $1`,
    [
      status.id,
      status.code,
      JSON.stringify(status.items ?? []),
      (status.items ?? []).map((i) => i.cmd).join(";"),
      status.pipeline ?? null,
      status.reqid ?? null,
      opts.notified === true,
    ],
  );
}

/** SQL condition limiting rows to the user's scopes (bucket + key prefix), with its parameters from `$start`. */
function scopeFilter(user: Principal, start: number): { sql: string; params: unknown[] } {
  if (isUnrestricted(user)) return { sql: "TRUE", params: [] };
  const params: unknown[] = [];
  const parts = user.scopes.map((s) => {
    params.push(s.bucket, s.prefix);
    const b = start + params.length - 2;
    return `(bucket = $${b} AND left(key, length($${b + 1})) = $${b + 1})`;
  });
  return { sql: parts.length ? `(${parts.join(" OR ")})` : "FALSE", params };
}

export async function listJobs(q: Queryable, user: Principal, opts: { limit: number; before?: string }): Promise<PfopJobView[]> {
  const params: unknown[] = [opts.limit];
  let where = "TRUE";
  if (opts.before) {
    params.push(opts.before);
    where = `created_at < $${params.length}::timestamptz`;
  }
  const scope = scopeFilter(user, params.length + 1);
  params.push(...scope.params);
  const rows = await q.query<JobRow>(
    `SELECT persistent_id, created_at, created_by_email, source, bucket, key, fops, pipeline, code, items, reqid, status_at, notified_at
     FROM pfop_jobs WHERE ${where} AND ${scope.sql}
     ORDER BY created_at DESC, persistent_id DESC LIMIT $1`,
    params,
  );
  return rows.map(toView);
}

export async function getJobs(q: Queryable, ids: readonly string[]): Promise<PfopJobView[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<JobRow>(
    `SELECT persistent_id, created_at, created_by_email, source, bucket, key, fops, pipeline, code, items, reqid, status_at, notified_at
     FROM pfop_jobs WHERE persistent_id = ANY($1::text[])`,
    [ids],
  );
  return rows.map(toView);
}

/** Waiting/processing jobs among `ids` whose status is older than `staleMs` (or never read). */
export async function staleActiveIds(q: Queryable, ids: readonly string[], staleMs: number): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<{ persistent_id: string }>(
    `SELECT persistent_id FROM pfop_jobs
     WHERE persistent_id = ANY($1::text[]) AND code IN (1, 2)
       AND (status_at IS NULL OR status_at < now() - ($2::int * interval '1 millisecond'))`,
    [ids, staleMs],
  );
  return rows.map((r) => r.persistent_id);
}

function toView(r: JobRow): PfopJobView {
  const items: PfopItemView[] = (r.items ?? []).map((i) => ({
    cmd: i.cmd,
    code: i.code,
    ...(i.error ? { error: i.error } : {}),
    ...(i.key ? { key: i.key, bucket: outputBucket(i.cmd, r.bucket) } : {}),
    ...(i.hash ? { hash: i.hash } : {}),
    returnOld: i.returnOld === 1,
    ...(i.result !== undefined ? { result: i.result } : {}),
  }));
  return {
    id: r.persistent_id,
    createdAt: new Date(r.created_at).toISOString(),
    createdBy: r.created_by_email,
    source: r.source,
    bucket: r.bucket,
    key: r.key,
    fops: r.fops ? r.fops.split(";").filter(Boolean) : [],
    pipeline: r.pipeline,
    code: r.code,
    items,
    statusAt: r.status_at ? new Date(r.status_at).toISOString() : null,
    notifiedAt: r.notified_at ? new Date(r.notified_at).toISOString() : null,
    reqid: r.reqid,
  };
}
