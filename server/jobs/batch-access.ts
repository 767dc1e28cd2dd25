import "server-only";
// Who may see a job: anyone allowed to run batches on everything under the job's bucket and scope prefix.
import { can, type Principal } from "@/lib/permissions";
import type { Queryable } from "@/server/db";
import { getJob, listJobs, type BatchJobRecord } from "./batch-jobs-store";

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
