// Executes queued jobs: each item's chain, saveas or default naming, force/returnOld, then the notification.
import { createHash } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { parseFopCommand } from "@/lib/processing/fop-syntax";
import { urlsafeBase64Encode } from "@/lib/qiniu/base64";
import type { EmulatorContext, ObjectInfo } from "../types";
import { FopError } from "./errors";
import { PERSISTENT_IMAGE_LIMITS } from "./image-limits";
import { PfopCode, type ItemOutcome, type JobRow, type JobStore } from "./jobs";
import type { Semaphore } from "./scheduler";
import { toPrefop } from "./status";
import { runChain, type StepOutput } from "./steps";

export interface RunnerDeps {
  ctx: EmulatorContext;
  jobs: JobStore;
  cpu: Semaphore;
  ffmpeg: { binary?: string; timeoutMs: number };
  notify: (url: string, body: unknown) => Promise<string | undefined>;
  /** Aborted when the service closes: running steps are killed and the job is resumed at the next start. */
  signal: AbortSignal;
}

class Interrupted extends Error {}

/**
 * Default output key when a fop has no saveas: `b64u(sha1(cmd))/<source hash>`, the shape of the keys in Qiniu's
 * prefop examples. The same fop on the same content names the same key, which is what makes `force` meaningful.
 */
export function defaultOutputKey(cmd: string, sourceHash: string): string {
  return `${urlsafeBase64Encode(new Uint8Array(createHash("sha1").update(cmd).digest()))}/${sourceHash}`;
}

function failed(error: string): ItemOutcome {
  return { code: PfopCode.failed, error };
}

async function store(deps: RunnerDeps, bucket: string, key: string, output: StepOutput, force: boolean): Promise<ObjectInfo> {
  const { store: objects } = deps.ctx;
  let path: string;
  let mimeType: string;
  if (output.kind === "json") {
    path = objects.tempPath();
    mimeType = "application/json";
    await writeFile(path, JSON.stringify(output.json));
  } else {
    ({ path, mimeType } = output);
  }
  try {
    return await objects.putFile(bucket, key, path, { mimeType, overwrite: force });
  } finally {
    await rm(path, { force: true });
  }
}

export async function runItem(deps: RunnerDeps, job: JobRow, cmd: string): Promise<ItemOutcome> {
  const parsed = parseFopCommand(cmd);
  if (!parsed.ok) return failed(`invalid fop: ${parsed.error.message}`);
  const { steps, saveas } = parsed.value;
  const { ctx } = deps;
  const source = ctx.store.stat(job.bucket, job.key);
  if (!source) return failed("execute fop cmd failed: the source file no longer exists");
  const bucket = saveas?.bucket ?? job.bucket;
  const key = saveas?.key ?? defaultOutputKey(cmd, source.hash);
  if (!ctx.store.bucketExists(bucket)) return failed(`saveas: no such bucket "${bucket}"`);
  const force = job.force === 1;
  const existing = force ? undefined : ctx.store.stat(bucket, key);
  // Without force an existing result counts as done (pfop `force` doc): report it, do not overwrite it.
  if (existing) return { code: PfopCode.success, hash: existing.hash, key, return_old: 1 };

  const temps: string[] = [];
  try {
    const output = await deps.cpu.run(() =>
      runChain(steps, ctx.store.contentPath(source), {
        ffmpeg: { ...deps.ffmpeg, signal: deps.signal },
        image: { limits: PERSISTENT_IMAGE_LIMITS, seconds: Math.ceil(deps.ffmpeg.timeoutMs / 1000) },
        signal: deps.signal,
        tempPath: () => {
          const p = ctx.store.tempPath();
          temps.push(p);
          return p;
        },
      }),
    );
    const result = output.kind === "json" ? JSON.stringify(output.json) : undefined;
    try {
      const info = await store(deps, bucket, key, output, force);
      return { code: PfopCode.success, hash: info.hash, key, return_old: 0, result };
    } catch (e) {
      // the target appeared while we worked and force is off: same rule as above
      const now = !force ? ctx.store.stat(bucket, key) : undefined;
      if (now) return { code: PfopCode.success, hash: now.hash, key, return_old: 1, result };
      throw e;
    }
  } catch (e) {
    if (deps.signal.aborted) throw new Interrupted();
    if (e instanceof FopError) return failed(`execute fop cmd failed: ${e.message}`);
    ctx.log(`pfop ${job.id} "${cmd}": ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return failed("execute fop cmd failed: internal error");
  } finally {
    await Promise.all(temps.map((p) => rm(p, { force: true })));
  }
}

/** Runs the unfinished items of a job, then notifies. An interrupted job keeps its state and resumes at restart. */
export async function runJob(deps: RunnerDeps, id: string): Promise<void> {
  const { jobs } = deps;
  const job = jobs.job(id);
  if (!job || (job.code !== PfopCode.waiting && job.code !== PfopCode.processing)) return;
  jobs.setJobCode(id, PfopCode.processing);
  try {
    for (const item of jobs.items(id)) {
      if (item.code !== PfopCode.waiting && item.code !== PfopCode.processing) continue;
      if (deps.signal.aborted) return;
      jobs.setItem(id, item.idx, { code: PfopCode.processing });
      jobs.setItem(id, item.idx, await runItem(deps, job, item.cmd));
    }
  } catch (e) {
    if (e instanceof Interrupted) return;
    throw e;
  }
  const items = jobs.items(id);
  const outcome = items.some((i) => i.code === PfopCode.failed) ? PfopCode.failed : PfopCode.success;
  // The outcome is recorded before notifying, so a receiver that re-reads prefop (as it should) sees it.
  jobs.setJobCode(id, outcome);
  if (!job.notify_url) return;
  const problem = await deps.notify(job.notify_url, toPrefop(job, items, outcome));
  if (problem && !deps.signal.aborted) {
    deps.ctx.log(`pfop ${id}: ${problem}`);
    jobs.setJobCode(id, PfopCode.notifyFailed);
  }
}
