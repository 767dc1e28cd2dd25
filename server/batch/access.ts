import "server-only";
// Who may see a job, and who may run it: anyone allowed to run batches on everything under the job's bucket and scope
// prefix sees it; running, resuming, retrying or cancelling it also needs, for the user doing it and at that moment,
// every permission its operation needs on its sources AND on its targets (a move into another bucket writes there).
import { commonPrefix } from "@/lib/batch/plan";
import { operationPermissions } from "@/lib/batch/scope";
import { hasTarget } from "@/lib/batch/spec";
import { can, type Principal, type Target } from "@/lib/permissions";
import { findUserById } from "@/server/auth/users";
import type { Queryable } from "@/server/db";
import { getJob, listJobs, type BatchJobRecord, type JobActor } from "./jobs-store";
import { fromDbText } from "./key-text";

export function mayAccessJob(user: Principal, job: BatchJobRecord): boolean {
  return can(user, "batch.run", { bucket: job.bucket, prefix: job.scopePrefix ?? "" });
}

export async function findAccessibleJob(db: Queryable, user: Principal, jobId: string): Promise<BatchJobRecord | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(jobId)) return undefined;
  const job = await getJob(db, jobId);
  return job && mayAccessJob(user, job) ? job : undefined;
}

/** The newest jobs this user may see. */
export async function recentAccessibleJobs(db: Queryable, user: Principal, limit: number): Promise<BatchJobRecord[]> {
  const jobs = await listJobs(db, { limit: limit * 4 });
  return jobs.filter((job) => mayAccessJob(user, job)).slice(0, limit);
}

/**
 * Where the job's items write: per target bucket, the longest prefix all its targets share. In byte order (COLLATE
 * "C") every key between the smallest and the largest starts with what those two share, so two aggregates suffice.
 * Skipped items are never sent and do not count.
 */
export async function jobTargetScopes(db: Queryable, job: BatchJobRecord): Promise<Target[]> {
  if (!hasTarget(job.operation)) return [];
  const rows = await db.query<{ bucket: string; lo: string; hi: string }>(
    `SELECT target_bucket AS bucket, min(target_key COLLATE "C") AS lo, max(target_key COLLATE "C") AS hi
     FROM batch_items WHERE job_id = $1 AND skip IS NULL AND target_key IS NOT NULL GROUP BY target_bucket`,
    [job.id],
  );
  return rows.map((r) => ({ bucket: r.bucket, prefix: commonPrefix([fromDbText(r.lo), fromDbText(r.hi)]) ?? "" }));
}

/** May `user` run this job now: every permission of its operation on its source scope and on its targets? */
export async function mayRunJob(db: Queryable, user: Principal, job: BatchJobRecord): Promise<boolean> {
  const scopes: Target[] = [{ bucket: job.bucket, prefix: job.scopePrefix ?? "" }, ...(await jobTargetScopes(db, job))];
  return operationPermissions(job.operation).every((p) => can(user, p, scopes));
}

/** The run's user's rights as the users table has them now: null once the user is disabled or removed. */
export function currentUserRights(db: Queryable): (actor: JobActor) => Promise<Principal | null> {
  return async (actor) => {
    // A run started without a user account (tests, benchmarks) keeps the rights it was started with.
    if (actor.id === null) return actor;
    const user = await findUserById(db, actor.id);
    return user && !user.disabled ? { role: user.role, scopes: user.scopes } : null;
  };
}
