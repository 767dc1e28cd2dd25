import "server-only";
// SQL for batch_jobs rows (migration 003). Items live in batch-items-store.ts.
import type { Principal } from "@/lib/permissions";
import type { BatchOperation, BatchSource } from "@/lib/batch/spec";
import type { Queryable } from "@/server/db";
import { fromDbText, mapStrings, toDbText } from "./key-text";

export const JOB_STATUSES = ["draft", "listing", "checking", "planned", "running", "cancelling", "cancelled", "interrupted", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** States in which some process is working on the job (and keeps its heartbeat fresh). */
export const ACTIVE_STATUSES: readonly JobStatus[] = ["listing", "checking", "running", "cancelling"];

/** Who a run acts for: the user who started, resumed or retried it (migration 010). */
export interface JobActor extends Principal {
  id: string | null;
  email: string;
}

export interface BatchJobRecord {
  id: string;
  createdAt: Date;
  createdBy: string | null;
  createdByEmail: string;
  principal: Principal;
  bucket: string;
  scopePrefix: string | null;
  source: BatchSource;
  operation: BatchOperation;
  status: JobStatus;
  plannedAt: Date | null;
  listMarker: string | null;
  listDone: boolean;
  runStartedAt: Date | null;
  runBase: number;
  runs: number;
  runnerId: string | null;
  heartbeatAt: Date | null;
  /** Until when runnerId holds the job (migration 014); after that another instance may take it over. */
  leaseUntil: Date | null;
  takeovers: number;
  finishedAt: Date | null;
  error: string | null;
  undoOf: string | null;
  undoneBy: string | null;
  /** The user the current (or last) run acts for; null before the first run. */
  runBy: JobActor | null;
}

/** Whom the job's runs act for: the user who started the current run (jobs from before migration 010: the creator). */
export function runActor(job: BatchJobRecord): JobActor {
  return job.runBy ?? { id: job.createdBy, email: job.createdByEmail, role: job.principal.role, scopes: job.principal.scopes };
}

interface JobRow {
  id: string;
  created_at: Date;
  created_by: string | null;
  created_by_email: string;
  principal: Principal;
  bucket: string;
  scope_prefix: string | null;
  source: BatchSource;
  operation: BatchOperation;
  status: JobStatus;
  planned_at: Date | null;
  list_marker: string | null;
  list_done: boolean;
  run_started_at: Date | null;
  run_base: number;
  runs: number;
  runner_id: string | null;
  heartbeat_at: Date | null;
  lease_until: Date | null;
  takeovers: number;
  finished_at: Date | null;
  error: string | null;
  undo_of: string | null;
  undone_by: string | null;
  run_by: string | null;
  run_by_email: string | null;
  run_principal: Principal | null;
}

function fromRow(r: JobRow): BatchJobRecord {
  return {
    id: r.id,
    createdAt: new Date(r.created_at),
    createdBy: r.created_by,
    createdByEmail: r.created_by_email,
    principal: r.principal,
    bucket: r.bucket,
    scopePrefix: fromDbText(r.scope_prefix),
    source: mapStrings(r.source, fromDbText),
    operation: mapStrings(r.operation, fromDbText),
    status: r.status,
    plannedAt: r.planned_at && new Date(r.planned_at),
    listMarker: r.list_marker,
    listDone: r.list_done,
    runStartedAt: r.run_started_at && new Date(r.run_started_at),
    runBase: r.run_base,
    runs: r.runs,
    runnerId: r.runner_id,
    heartbeatAt: r.heartbeat_at && new Date(r.heartbeat_at),
    leaseUntil: r.lease_until && new Date(r.lease_until),
    takeovers: r.takeovers ?? 0,
    finishedAt: r.finished_at && new Date(r.finished_at),
    error: r.error,
    undoOf: r.undo_of,
    undoneBy: r.undone_by,
    runBy:
      r.run_by_email !== null && r.run_principal ? { id: r.run_by, email: r.run_by_email, role: r.run_principal.role, scopes: r.run_principal.scopes } : null,
  };
}

export interface NewJob {
  id: string;
  createdBy: string | null;
  createdByEmail: string;
  principal: Principal;
  bucket: string;
  scopePrefix: string | null;
  source: BatchSource;
  operation: BatchOperation;
  status: JobStatus;
  undoOf?: string;
}

export async function insertJob(db: Queryable, job: NewJob): Promise<void> {
  await db.query(
    `INSERT INTO batch_jobs (id, created_by, created_by_email, principal, bucket, scope_prefix, source, operation, status, undo_of, list_marker)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8::jsonb, $9, $10, '')`,
    [
      job.id,
      job.createdBy,
      job.createdByEmail,
      JSON.stringify(job.principal),
      job.bucket,
      toDbText(job.scopePrefix),
      JSON.stringify(mapStrings(job.source, toDbText)),
      JSON.stringify(mapStrings(job.operation, toDbText)),
      job.status,
      job.undoOf ?? null,
    ],
  );
}

export async function getJob(db: Queryable, id: string): Promise<BatchJobRecord | undefined> {
  const rows = await db.query<JobRow>("SELECT * FROM batch_jobs WHERE id = $1", [id]);
  return rows[0] && fromRow(rows[0]);
}

/** Just the status (read before each chunk: cheap, and it sees a cancel made by another instance). */
export async function jobStatus(db: Queryable, id: string): Promise<JobStatus | undefined> {
  const rows = await db.query<{ status: JobStatus }>("SELECT status FROM batch_jobs WHERE id = $1", [id]);
  return rows[0]?.status;
}

/** Newest first; `createdBy` limits the list to one user's jobs. */
export async function listJobs(db: Queryable, opts: { limit: number; createdBy?: string }): Promise<BatchJobRecord[]> {
  const rows = opts.createdBy
    ? await db.query<JobRow>("SELECT * FROM batch_jobs WHERE created_by = $1 ORDER BY created_at DESC LIMIT $2", [opts.createdBy, opts.limit])
    : await db.query<JobRow>("SELECT * FROM batch_jobs ORDER BY created_at DESC LIMIT $1", [opts.limit]);
  return rows.map(fromRow);
}

export interface JobChanges {
  status?: JobStatus;
  plannedAt?: "now";
  listMarker?: string;
  listDone?: boolean;
  runStarted?: { base: number };
  runnerId?: string | null;
  heartbeat?: boolean;
  /** Holds the job for this many ms from now (with runnerId: a claim). */
  leaseMs?: number;
  finished?: boolean;
  error?: string | null;
  operation?: BatchOperation;
  undoneBy?: string;
  scopePrefix?: string;
  /** The user this run acts for (set when a run starts, resumes or retries). */
  runBy?: JobActor;
}

/**
 * Changes a job, only while its status is one of `onlyFrom` (when given): a compare-and-set, so that two requests
 * (or two console instances) cannot both start, resume or cancel the same job. With `holder`, only while that runner
 * still holds the job (a runner whose lease was taken over must not write its end state). Returns false when nothing changed.
 */
export async function updateJob(db: Queryable, id: string, changes: JobChanges, onlyFrom?: readonly JobStatus[], holder?: string): Promise<boolean> {
  const sets = ["updated_at = now()"];
  const params: unknown[] = [id];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    sets.push(sql.replace("?", `$${params.length}`));
  };
  if (changes.status) add("status = ?", changes.status);
  if (changes.plannedAt) sets.push("planned_at = now()");
  if (changes.listMarker !== undefined) add("list_marker = ?", changes.listMarker);
  if (changes.listDone !== undefined) add("list_done = ?", changes.listDone);
  if (changes.runStarted) {
    sets.push("run_started_at = now()", "runs = runs + 1", "finished_at = NULL");
    add("run_base = ?", changes.runStarted.base);
  }
  if (changes.runnerId !== undefined) add("runner_id = ?", changes.runnerId);
  // A job nobody works on is held by nobody.
  if (changes.runnerId === null) sets.push("lease_until = NULL");
  if (changes.leaseMs !== undefined) add("lease_until = now() + make_interval(secs => ?::double precision)", changes.leaseMs / 1000);
  if (changes.heartbeat) sets.push("heartbeat_at = now()");
  if (changes.finished) sets.push("finished_at = now()");
  if (changes.error !== undefined) add("error = ?", changes.error);
  if (changes.operation) add("operation = ?::jsonb", JSON.stringify(mapStrings(changes.operation, toDbText)));
  if (changes.undoneBy) add("undone_by = ?", changes.undoneBy);
  if (changes.scopePrefix !== undefined) add("scope_prefix = ?", toDbText(changes.scopePrefix));
  if (changes.runBy) {
    add("run_by = ?", changes.runBy.id);
    add("run_by_email = ?", changes.runBy.email);
    add("run_principal = ?::jsonb", JSON.stringify({ role: changes.runBy.role, scopes: changes.runBy.scopes }));
  }
  let where = "id = $1";
  if (onlyFrom) {
    params.push([...onlyFrom]);
    where += ` AND status = ANY($${params.length}::text[])`;
  }
  if (holder !== undefined) {
    params.push(holder);
    where += ` AND runner_id = $${params.length}`;
  }
  const rows = await db.query(`UPDATE batch_jobs SET ${sets.join(", ")} WHERE ${where} RETURNING id`, params);
  return rows.length > 0;
}

/** Active jobs whose holder's lease has lapsed (its instance died or lost the database): candidates for takeover. */
export async function expiredLeaseJobs(db: Queryable): Promise<BatchJobRecord[]> {
  const rows = await db.query<JobRow>(
    "SELECT * FROM batch_jobs WHERE status = ANY($1::text[]) AND (lease_until IS NULL OR lease_until < now()) ORDER BY created_at",
    [[...ACTIVE_STATUSES]],
  );
  return rows.map(fromRow);
}

/**
 * Takes an active job over for `runnerId` if its lease has lapsed: a compare-and-set on lease_until, so when several
 * instances try at once (their UPDATEs on the row queue behind each other, and PostgreSQL re-checks the condition on
 * the row as the winner left it) exactly one gets the row back. The run goes on for the same user (run_by); its rate
 * restarts from `base` items finished.
 */
export async function takeOverJob(db: Queryable, id: string, runnerId: string, leaseMs: number, base: number): Promise<BatchJobRecord | undefined> {
  const rows = await db.query<JobRow>(
    `UPDATE batch_jobs SET runner_id = $2, lease_until = now() + make_interval(secs => $3::double precision), heartbeat_at = now(),
            takeovers = takeovers + 1, run_started_at = CASE WHEN status = 'running' THEN now() ELSE run_started_at END,
            run_base = CASE WHEN status = 'running' THEN $4 ELSE run_base END, updated_at = now()
     WHERE id = $1 AND status = ANY($5::text[]) AND (lease_until IS NULL OR lease_until < now()) RETURNING *`,
    [id, runnerId, leaseMs / 1000, base, [...ACTIVE_STATUSES]],
  );
  return rows[0] && fromRow(rows[0]);
}

export async function activeJobs(db: Queryable): Promise<BatchJobRecord[]> {
  const rows = await db.query<JobRow>("SELECT * FROM batch_jobs WHERE status = ANY($1::text[])", [[...ACTIVE_STATUSES]]);
  return rows.map(fromRow);
}
