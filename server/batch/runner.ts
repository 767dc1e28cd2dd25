import "server-only";
// The batch job runner: moves a job through its phases (listing → checking → planned → running → done/cancelled).
// A run acts for the user who starts, resumes or retries it (never simply the job's creator). Before each run the
// user's current rights are read again (deps.currentRights): a disabled or removed user, or one whose scopes no longer
// cover the job, leaves it interrupted and unrun; items outside those rights are refused one by one.
//
// Leases (migration 014): the runner that claims a job holds it for deps.staleMs (15 s) and renews the lease with its
// heartbeat (every staleMs / 5) and with every chunk it marks in flight. It marks a chunk, and records answers, only
// while it still holds the job (runner_id, which only a takeover changes); a runner that finds the job taken over
// stops and writes nothing more. A holder merely slow to renew (a paused process) keeps the job unless someone took it.
// With several instances over PostgreSQL, each looks for lapsed leases every staleMs / 3 (takeOverExpired): a job whose
// instance died is taken over by exactly one live instance, which settles the in-flight chunks from Qiniu's state
// (reconcile.ts) and goes on for the same user, with that user's rights checked again. So a job never runs on two
// instances at once, and goes on within about staleMs + staleMs / 3 of its instance's death. The embedded database
// belongs to one process: there, after a restart, a job left active waits, interrupted, for a user to resume it.
import { randomUUID } from "node:crypto";
import type { BatchDeps } from "./deps";
import { QiniuError } from "@/lib/qiniu/errors";
import { executePending, type ExecuteResult } from "./execute";
import type { Principal } from "@/lib/permissions";
import { RUN_REFUSED } from "@/lib/batch/view";
import { mayRunJob } from "./access";
import { auditRunRefused } from "./audit";
import {
  ACTIVE_STATUSES,
  activeJobs,
  expiredLeaseJobs,
  getJob,
  jobStatus,
  runActor,
  takeOverJob,
  updateJob,
  type BatchJobRecord,
  type JobActor,
  type JobStatus,
} from "./jobs-store";
import { LeaseLost, type LeaseHolder } from "./chunks-store";
import { countByStatus, requeueFailed } from "./items-store";
import { checkJobItems, listIntoJob } from "./planning";
import { reconcileInflight } from "./reconcile";

const PLANNABLE: readonly JobStatus[] = ["draft", "interrupted", "cancelled"];
const RUNNABLE: readonly JobStatus[] = ["planned", "interrupted", "cancelled"];
const RETRYABLE: readonly JobStatus[] = ["done", "cancelled", "interrupted"];

export class BatchRunner {
  /** Identifies this process in batch_jobs.runner_id. */
  readonly id = randomUUID();
  private readonly tasks = new Map<string, Promise<void>>();
  private readonly cancelSeen = new Set<string>();
  /** Jobs whose lease this runner found lost: their tasks stop and write nothing more. */
  private readonly lost = new Set<string>();
  private shuttingDown = false;

  constructor(private readonly deps: BatchDeps) {}

  private get holder(): LeaseHolder {
    return { runnerId: this.id, leaseMs: this.deps.staleMs };
  }

  /** Starts (or continues after an interruption) the dry run. False when the job is not in a state to plan. */
  async startPlanning(jobId: string): Promise<boolean> {
    const job = await getJob(this.deps.db, jobId);
    if (!job || job.plannedAt || this.tasks.has(jobId)) return false;
    const status: JobStatus = job.source.kind === "prefix" && !job.listDone ? "listing" : "checking";
    if (!(await this.claim(jobId, status, PLANNABLE))) return false;
    this.spawn(jobId, () => this.planTask(jobId));
    return true;
  }

  /**
   * Starts a planned job, or resumes an interrupted or cancelled one (in-flight items are settled first), acting for
   * `actor`: the caller has checked that `actor` may run it (batch-access.ts mayRunJob).
   */
  async startRun(jobId: string, actor: JobActor): Promise<boolean> {
    const job = await getJob(this.deps.db, jobId);
    if (!job || !job.plannedAt || this.tasks.has(jobId)) return false;
    // The first run of a planned job starts from nothing done: no need to count.
    if (!(await this.claim(jobId, "running", RUNNABLE, job.status === "planned" ? 0 : true, actor))) return false;
    this.spawn(jobId, () => this.runTask(jobId));
    return true;
  }

  /** Sends the failed items of a finished run again. Returns how many were queued (0 = nothing started). */
  async retryFailed(jobId: string, actor: JobActor): Promise<number> {
    const job = await getJob(this.deps.db, jobId);
    if (!job || !job.plannedAt || this.tasks.has(jobId)) return 0;
    if ((await countByStatus(this.deps.db, jobId)).failed === 0) return 0;
    if (!(await this.claim(jobId, "running", RETRYABLE, false, actor))) return 0;
    const queued = await requeueFailed(this.deps.db, jobId);
    await updateJob(this.deps.db, jobId, { runStarted: { base: await this.finishedCount(jobId) } });
    this.spawn(jobId, () => this.runTask(jobId));
    return queued;
  }

  /** Asks a running or planning job to stop after the requests in flight; works across console instances. */
  async cancel(jobId: string): Promise<boolean> {
    const ok = await updateJob(this.deps.db, jobId, { status: "cancelling" }, ["running", "listing", "checking"]);
    if (ok && this.tasks.has(jobId)) this.cancelSeen.add(jobId);
    return ok;
  }

  isActive(jobId: string): boolean {
    return this.tasks.has(jobId);
  }

  /** Resolves when the job's background work (if any, in this process) has ended. */
  async settled(jobId: string): Promise<void> {
    await this.tasks.get(jobId);
  }

  /**
   * Marks jobs left active by a dead process as interrupted, then settles their in-flight items from Qiniu's state in
   * the background (see settled()), so the page shows exactly which items are done. `everyActive`: the database
   * belongs to this process alone (PGlite), so any active job is an orphan; otherwise only those whose lease lapsed.
   */
  async recover(everyActive: boolean): Promise<BatchJobRecord[]> {
    const candidates = everyActive ? await activeJobs(this.deps.db) : await expiredLeaseJobs(this.deps.db);
    const recovered: BatchJobRecord[] = [];
    for (const job of candidates) {
      if (this.tasks.has(job.id)) continue;
      const wasCancelling = job.status === "cancelling";
      if (!(await updateJob(this.deps.db, job.id, { status: wasCancelling ? "cancelled" : "interrupted", runnerId: null }, ACTIVE_STATUSES))) continue;
      recovered.push(job);
      if (!job.plannedAt) continue;
      const settling = reconcileInflight(this.deps, job)
        .then(() => undefined)
        .catch((err) => console.error(`[batch] job ${job.id}: in-flight items not settled yet (they will be on resume):`, err))
        .finally(() => this.tasks.delete(job.id));
      this.tasks.set(job.id, settling);
    }
    return recovered;
  }

  /**
   * Several instances over one PostgreSQL: takes over the active jobs whose holder's lease lapsed (its instance died),
   * each by a compare-and-set on the lease so only one instance gets it, and continues them here: a run goes on for
   * the same user (rights checked again), a dry run from where its listing stopped, a cancel is completed.
   */
  async takeOverExpired(): Promise<BatchJobRecord[]> {
    if (this.shuttingDown) return [];
    const taken: BatchJobRecord[] = [];
    for (const candidate of await expiredLeaseJobs(this.deps.db)) {
      if (this.tasks.has(candidate.id)) continue;
      const base = candidate.status === "running" ? await this.finishedCount(candidate.id) : 0;
      const job = await takeOverJob(this.deps.db, candidate.id, this.id, this.deps.staleMs, base);
      if (!job) continue; // another instance was quicker
      taken.push(job);
      const from = candidate.runnerId ? `runner ${candidate.runnerId}` : "no runner";
      console.log(`[batch] job ${job.id}: took over (${job.status}) from ${from}, whose lease lapsed at ${candidate.leaseUntil?.toISOString() ?? "-"}`);
      this.lost.delete(job.id);
      if (job.plannedAt) this.spawn(job.id, () => this.runTask(job.id));
      else if (job.status === "cancelling")
        await updateJob(this.deps.db, job.id, { status: "cancelled", runnerId: null, finished: true }, ["cancelling"], this.id);
      else this.spawn(job.id, () => this.planTask(job.id));
    }
    return taken;
  }

  /** Stops taking new chunks and waits for the requests in flight (tests, graceful shutdown). Jobs become interrupted. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    await Promise.all(this.tasks.values());
  }

  /** `newRun`: the run's progress starts from the items finished so far (`true`: count them; a number: that many). */
  private async claim(jobId: string, status: JobStatus, from: readonly JobStatus[], newRun: boolean | number = false, runBy?: JobActor): Promise<boolean> {
    const base = newRun === true ? await this.finishedCount(jobId) : newRun === false ? undefined : newRun;
    return updateJob(
      this.deps.db,
      jobId,
      {
        status,
        runnerId: this.id,
        leaseMs: this.deps.staleMs,
        heartbeat: true,
        error: null,
        ...(base === undefined ? {} : { runStarted: { base } }),
        ...(runBy ? { runBy } : {}),
      },
      from,
    );
  }

  /** The run's user's rights now; throws RunRefused (job left interrupted, refusal audited) when they do not cover the job. */
  private async runRights(job: BatchJobRecord): Promise<Principal> {
    const actor = runActor(job);
    const rights = this.deps.currentRights ? await this.deps.currentRights(actor) : actor;
    const reason = !rights
      ? `${actor.email} is disabled or removed`
      : !(await mayRunJob(this.deps.db, rights, job))
        ? `${actor.email} may no longer run this job`
        : null;
    if (!reason) return rights!;
    await auditRunRefused(this.deps.db, job, reason);
    throw new RunRefused(`${reason}: the run was not started`);
  }

  private async finishedCount(jobId: string): Promise<number> {
    const c = await countByStatus(this.deps.db, jobId);
    return c.done + c.failed;
  }

  private stopped(jobId: string): boolean {
    return this.shuttingDown || this.cancelSeen.has(jobId) || this.lost.has(jobId);
  }

  private spawn(jobId: string, work: () => Promise<void>) {
    const beat = setInterval(() => void this.heartbeat(jobId), Math.max(200, this.deps.staleMs / 5));
    beat.unref?.();
    const task = work()
      .catch(async (err: unknown) => {
        if (err instanceof LeaseLost) this.lost.add(jobId);
        if (this.lost.has(jobId)) return; // said in finally; the new holder owns the job's state
        if (err instanceof RunRefused) console.warn(`[batch] job ${jobId}: ${err.message}`);
        else console.error(`[batch] job ${jobId} stopped by an error:`, err);
        const error = err instanceof RunRefused ? RUN_REFUSED : messageOf(err);
        await updateJob(this.deps.db, jobId, { status: "interrupted", runnerId: null, error }, ACTIVE_STATUSES, this.id).catch(() => {});
      })
      .finally(() => {
        clearInterval(beat);
        this.tasks.delete(jobId);
        this.cancelSeen.delete(jobId);
        if (this.lost.delete(jobId)) console.warn(`[batch] job ${jobId}: this instance lost its lease (taken over elsewhere); stopped here`);
      });
    this.tasks.set(jobId, task);
  }

  /** Renews the lease while this runner holds the job; finding it held by another (taken over) stops the task here. */
  private async heartbeat(jobId: string) {
    let rows: { status: JobStatus }[];
    try {
      rows = await this.deps.db.query<{ status: JobStatus }>(
        `UPDATE batch_jobs SET heartbeat_at = now(), lease_until = now() + make_interval(secs => $3::double precision)
         WHERE id = $1 AND runner_id = $2 RETURNING status`,
        [jobId, this.id, this.deps.staleMs / 1000],
      );
    } catch {
      return; // the database is unreachable: chunks are not marked without a lease, so nothing is sent meanwhile
    }
    if (rows.length === 0 && this.tasks.has(jobId)) {
      // Not ours any more: taken over by another runner — or just released by this task as it ends (runner_id NULL).
      const now = await this.deps.db.query<{ runner_id: string | null }>("SELECT runner_id FROM batch_jobs WHERE id = $1", [jobId]).catch(() => []);
      if (now[0]?.runner_id) this.lost.add(jobId);
    } else if (rows[0]?.status === "cancelling") this.cancelSeen.add(jobId);
  }

  private async planTask(jobId: string) {
    const stop = () => this.stopped(jobId);
    if (!(await listIntoJob(this.deps, jobId, stop))) return this.endStopped(jobId);
    // These transitions fail when the job was cancelled meanwhile (possibly from another instance).
    if (!(await updateJob(this.deps.db, jobId, { status: "checking" }, ["listing", "checking"], this.id))) return this.endStopped(jobId);
    if (!(await checkJobItems(this.deps, jobId, stop))) return this.endStopped(jobId);
    if (!(await updateJob(this.deps.db, jobId, { status: "planned", plannedAt: "now", runnerId: null }, ["checking"], this.id))) return this.endStopped(jobId);
  }

  private async runTask(jobId: string) {
    const job = await getJob(this.deps.db, jobId);
    if (!job) return;
    const rights = await this.runRights(job);
    let result: ExecuteResult;
    for (let attempt = 0; ; attempt++) {
      const undecided = await reconcileInflight(this.deps, job, this.holder);
      if (undecided > 0) throw new Error(`${undecided} items sent before the interruption could not be checked yet`);
      result = await executePending(this.deps, jobId, () => this.shuttingDown || this.lost.has(jobId), rights, this.holder);
      if (result.outcome !== "error") break;
      // A dropped connection or a 5xx leaves its chunk in-flight with an unknown outcome: settle it from the objects'
      // state (above) and go on, a few times, before giving up and leaving the job interrupted.
      if (!isTransient(result.error) || attempt >= TRANSIENT_RETRIES) throw result.error;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
    if (result.outcome === "lost") throw new LeaseLost(`job ${jobId}: lease lost`);
    if (result.outcome === "stopped") return this.endStopped(jobId);
    const status: JobStatus = result.outcome === "cancelled" ? "cancelled" : "done";
    if (!(await updateJob(this.deps.db, jobId, { status, finished: true, runnerId: null }, ["running", "cancelling"], this.id))) return;
    const [finalJob, counts] = await Promise.all([getJob(this.deps.db, jobId), countByStatus(this.deps.db, jobId)]);
    if (finalJob && this.deps.onRunEnd) await this.deps.onRunEnd(finalJob, counts).catch((err) => console.error(`[batch] job ${jobId}: audit failed:`, err));
  }

  /** A cancelled planning ends as cancelled; a shutdown leaves the job interrupted (resumable). */
  private async endStopped(jobId: string) {
    if (this.lost.has(jobId)) return; // another instance holds it now
    const cancelled = (await jobStatus(this.deps.db, jobId)) === "cancelling" || (this.cancelSeen.has(jobId) && !this.shuttingDown);
    await updateJob(
      this.deps.db,
      jobId,
      { status: cancelled ? "cancelled" : "interrupted", runnerId: null, ...(cancelled ? { finished: true } : {}) },
      ACTIVE_STATUSES,
      this.id,
    );
  }
}

const TRANSIENT_RETRIES = 3;

class RunRefused extends Error {}

function isTransient(err: unknown): boolean {
  return err instanceof QiniuError && (err.code === "network" || err.code === "timeout" || err.status >= 500);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
