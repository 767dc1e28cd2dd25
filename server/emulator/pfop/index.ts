// The emulator's persistent-fop engine (docs/qiniu-protocol.md §9): pfop/prefop on the api service, a persisted job queue
// (one queue per pipeline, bounded workers), real processing with sharp and ffmpeg, saveas/force, notifyURL.
import { randomBytes } from "node:crypto";
import { splitFops, type Fop } from "@/lib/processing/fop-syntax";
import { badRequest, newReqId } from "../http";
import type { EmulatorContext, PersistentJobRequest, PfopService } from "../types";
import { createHandler } from "./handler";
import { SYNC_IMAGE_LIMITS } from "./image-limits";
import { JobStore } from "./jobs";
import { postNotification } from "./notify";
import { runJob, type RunnerDeps } from "./runner";
import { PipelineScheduler, Semaphore } from "./scheduler";
import { toPrefop, type PrefopStatus } from "./status";
import { runChain, type StepOutput } from "./steps";

export type { PrefopStatus } from "./status";
export type { StepOutput } from "./steps";

export interface PfopOptions {
  /** concurrent jobs per pipeline (default 2) */
  workersPerPipeline?: number;
  /** concurrent sharp/ffmpeg steps across all pipelines (default 2: the machines have two cores) */
  cpuSlots?: number;
  ffmpegPath?: string;
  ffmpegTimeoutMs?: number;
  notifyTimeoutMs?: number;
  notifyAttempts?: number;
  notifyRetryDelayMs?: number;
  now?: () => number;
}

export interface RunNowOptions {
  /** Aborts the run, also while it waits for a slot (the client went away, or its time budget is spent). */
  signal?: AbortSignal;
  /** Seconds one image operation may take (default 30). */
  seconds?: number;
}

export interface PfopEngine extends PfopService {
  /** The prefop answer for a job, or undefined. */
  status(id: string): PrefopStatus | undefined;
  /** Resolves when no job is queued or running (tests, graceful shutdown). */
  idle(): Promise<void>;
  /**
   * Runs a parsed chain on a file right now, for URL-triggered fops on downloads (`GET /key?imageView2/...`): the
   * same steps as queued jobs. Every path handed out by `tempPath` is the caller's to delete.
   */
  runNow(steps: Fop[], source: string, tempPath: () => string, opts?: RunNowOptions): Promise<StepOutput>;
}

export const DEFAULT_PIPELINE = "0.default";

/** Qiniu ids look like `z0.<24 hex>` (an ObjectId: 4 bytes of seconds, then random). */
function newPersistentId(region: string, nowMs: number): string {
  const seconds = Math.floor(nowMs / 1000)
    .toString(16)
    .padStart(8, "0");
  return `${region}.${seconds}${randomBytes(8).toString("hex")}`;
}

export function createPfopService(ctx: EmulatorContext, opts: PfopOptions = {}): PfopEngine {
  const now = opts.now ?? Date.now;
  const jobs = new JobStore(ctx.db);
  const abort = new AbortController();
  const deps: RunnerDeps = {
    ctx,
    jobs,
    cpu: new Semaphore(opts.cpuSlots ?? 2),
    ffmpeg: { binary: opts.ffmpegPath, timeoutMs: opts.ffmpegTimeoutMs ?? 10 * 60_000 },
    signal: abort.signal,
    notify: (url, body) =>
      postNotification(url, body, {
        isAllowed: (u) => ctx.isAllowedOutbound(u),
        timeoutMs: opts.notifyTimeoutMs ?? 10_000,
        attempts: opts.notifyAttempts ?? 3,
        retryDelayMs: opts.notifyRetryDelayMs ?? 1_000,
        signal: abort.signal,
      }),
  };
  // Downloads wait on their own slots, so a long queued transcode never stalls a page of thumbnails.
  const interactive = new Semaphore(opts.cpuSlots ?? 2);
  const scheduler = new PipelineScheduler(opts.workersPerPipeline ?? 2, (id) =>
    runJob(deps, id).catch((e: unknown) => ctx.log(`pfop job ${id} stopped: ${e instanceof Error ? e.message : String(e)}`)),
  );

  function submit(req: PersistentJobRequest, reqid = newReqId()): string {
    const cmds = splitFops(req.fops);
    if (!req.bucket || !req.key || cmds.length === 0) throw badRequest("invalid argument: bucket, key and fops are required");
    const created = now();
    const id = newPersistentId(ctx.bucket(req.bucket)?.region ?? "z0", created);
    const pipeline = req.pipeline || DEFAULT_PIPELINE;
    jobs.insert(
      {
        id,
        bucket: req.bucket,
        key: req.key,
        fops: req.fops,
        pipeline,
        notify_url: req.notifyURL || null,
        force: req.force ? 1 : 0,
        type: req.type === 1 ? 1 : 0,
        task_from: req.from,
        reqid,
        created_at: created,
      },
      cmds,
    );
    scheduler.enqueue(pipeline, id);
    return id;
  }

  function status(id: string): PrefopStatus | undefined {
    const job = jobs.job(id);
    return job ? toPrefop(job, jobs.items(id)) : undefined;
  }

  // Jobs that were waiting or processing when the emulator stopped run again, in submission order.
  for (const { id, pipeline } of jobs.resumable()) scheduler.enqueue(pipeline, id);

  return {
    submit: (req) => submit(req),
    handle: createHandler({ ctx, submit, status }),
    status,
    idle: () => scheduler.idle(),
    runNow: (steps, source, tempPath, run = {}) => {
      const signal = run.signal ? AbortSignal.any([abort.signal, run.signal]) : abort.signal;
      // Download URLs get Qiniu's synchronous limits, which are tighter than those of queued jobs.
      const image = { limits: SYNC_IMAGE_LIMITS, seconds: run.seconds ?? 30 };
      return interactive.run(() => runChain(steps, source, { ffmpeg: { ...deps.ffmpeg, signal }, tempPath, image, signal }), signal);
    },
    async close() {
      abort.abort();
      await scheduler.close();
    },
  };
}
