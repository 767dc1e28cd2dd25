import "server-only";
import { z } from "zod";
import { batchOperationSchema, hasTarget, isDestructive } from "@/lib/batch/spec";
import { existingBucket, keyPrefix, objectKey } from "@/lib/buckets/schemas";
import { operationPermissions } from "@/lib/batch/scope";
import { confirmationCount, type BatchJobView } from "@/lib/batch/view";
import { roleHas } from "@/lib/permissions";
import { getDb } from "@/server/db";
import { addKeys, createJob, createUndoJob, UndoNotPossible } from "@/server/batch/create";
import { getJob, updateJob } from "@/server/batch/jobs-store";
import { countByStatus } from "@/server/batch/items-store";
import { getBatchRunner } from "@/server/batch/service";
import { mayRunJob } from "@/server/batch/access";
import { jobView } from "@/server/batch/view";
import { ActionFailure, type ActionContext, type ActionDefinition } from "@/server/actions/wrapper";

// Definitions of the batch actions; server/actions/batch.ts wraps each with defineAction (kept here so tests run them
// through the wrapper's runAction with their own session and audit sink). Creating and planning a job changes nothing
// in Qiniu, so those actions are not audited one by one. Starting, resuming, retrying and cancelling are: each is authorized for the user
// who does it, at that moment, on the job's sources and targets (a job someone else planned included), and the run then
// acts for that user: its chunks and its end are audited under them (server/batch/audit.ts).

/** Keeps each definition's input and result types (defineAction infers them the same way). */
function batchAction<S extends z.ZodType, D>(def: ActionDefinition<S, D>): ActionDefinition<S, D> {
  return def;
}

const MAX_KEYS_PER_REQUEST = 5000;
const bucketName = existingBucket;
const sourceKey = z.object({ key: objectKey, target: objectKey.optional() });
const keyChunk = z.array(sourceKey).min(1).max(MAX_KEYS_PER_REQUEST);

/**
 * Job actions name the job's bucket and scope prefix (from its view): the wrapper checks them against the caller's
 * scopes, and the handler checks they really are the job's.
 */
const jobRef = { jobId: z.uuid(), bucket: bucketName, prefix: keyPrefix };

async function loadJob(input: { jobId: string; bucket: string; prefix: string }) {
  const job = await getJob(getDb(), input.jobId);
  if (!job || job.bucket !== input.bucket || !(job.scopePrefix ?? "").startsWith(input.prefix)) throw new ActionFailure("not_found", "batch.errors.notFound");
  return job;
}

/** The job, when the caller may run (or stop) it now: the operation's permissions on all it reads and writes. */
async function loadRunnableJob(input: { jobId: string; bucket: string; prefix: string }, ctx: ActionContext) {
  const job = await loadJob(input);
  requireOperationRole(ctx, job.operation);
  if (!(await mayRunJob(getDb(), ctx.user, job))) throw new ActionFailure("forbidden", "auth.errors.forbidden");
  return job;
}

function requireOperationRole(ctx: ActionContext, op: z.infer<typeof batchOperationSchema>) {
  if (!operationPermissions(op).every((p) => roleHas(ctx.user.role, p))) throw new ActionFailure("forbidden", "auth.errors.forbidden");
}

function owner(ctx: ActionContext) {
  return { id: ctx.user.id, email: ctx.user.email, role: ctx.user.role, scopes: ctx.user.scopes };
}

async function view(jobId: string): Promise<BatchJobView> {
  const db = getDb();
  return jobView(db, (await getJob(db, jobId))!);
}

export const createBatchJobDef = batchAction({
  name: "batch.create",
  input: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("prefix"), bucket: bucketName, prefix: keyPrefix, operation: batchOperationSchema }),
    z.object({ kind: z.enum(["selection", "keys"]), bucket: bucketName, operation: batchOperationSchema, keys: keyChunk, final: z.boolean() }),
  ]),
  permission: "batch.run",
  target: (input) => (input.kind === "prefix" ? { bucket: input.bucket, prefix: input.prefix } : input.keys.map((k) => ({ bucket: input.bucket, key: k.key }))),
  audit: false,
  handler: async (input, ctx) => {
    requireOperationRole(ctx, input.operation);
    const db = getDb();
    const source =
      input.kind === "prefix" ? { kind: "prefix" as const, bucket: input.bucket, prefix: input.prefix } : { kind: input.kind, bucket: input.bucket };
    const job = await createJob(db, owner(ctx), source, input.operation, input.kind === "prefix" ? [] : input.keys);
    if (input.kind === "prefix" || input.final) await getBatchRunner().startPlanning(job.id);
    return { jobId: job.id };
  },
});

export const addBatchKeysDef = batchAction({
  name: "batch.addKeys",
  input: z.object({ jobId: z.uuid(), bucket: bucketName, keys: keyChunk, final: z.boolean() }),
  permission: "batch.run",
  target: (input) => input.keys.map((k) => ({ bucket: input.bucket, key: k.key })),
  audit: false,
  handler: async (input, ctx) => {
    const db = getDb();
    const job = await getJob(db, input.jobId);
    if (!job || job.bucket !== input.bucket || job.createdBy !== ctx.user.id) throw new ActionFailure("not_found", "batch.errors.notFound");
    if (job.status !== "draft") throw new ActionFailure("not_draft", "batch.errors.notDraft");
    await addKeys(db, job, input.keys);
    if (input.final) await getBatchRunner().startPlanning(job.id);
    return { jobId: job.id };
  },
});

export const startBatchJobDef = batchAction({
  name: "batch.start",
  input: z.object({ ...jobRef, confirm: z.string().max(20).optional() }),
  permission: "batch.run",
  target: (input) => ({ bucket: input.bucket, prefix: input.prefix }),
  handler: async (input, ctx) => {
    const job = await loadRunnableJob(input, ctx);
    if (job.status !== "planned") throw new ActionFailure("state_changed", "batch.errors.stateChanged");
    const counts = await countByStatus(getDb(), job.id);
    const count = confirmationCount({ counts });
    if (isDestructive(job.operation) && input.confirm?.trim() !== String(count)) {
      throw new ActionFailure("confirm_mismatch", "batch.errors.confirmMismatch", { count }, { confirm: "batch.errors.confirmMismatch" });
    }
    if (!(await getBatchRunner().startRun(job.id, owner(ctx)))) throw new ActionFailure("state_changed", "batch.errors.stateChanged");
    return view(job.id);
  },
});

export const cancelBatchJobDef = batchAction({
  name: "batch.cancel",
  input: z.object(jobRef),
  permission: "batch.run",
  target: (input) => ({ bucket: input.bucket, prefix: input.prefix }),
  handler: async (input, ctx) => {
    const job = await loadRunnableJob(input, ctx);
    const db = getDb();
    // A planned job that never ran is simply closed; a busy one stops after the requests in flight.
    const ok =
      job.status === "planned" || job.status === "draft"
        ? await updateJob(db, job.id, { status: "cancelled" }, ["planned", "draft"])
        : await getBatchRunner().cancel(job.id);
    if (!ok) throw new ActionFailure("state_changed", "batch.errors.stateChanged");
    return view(job.id);
  },
});

export const resumeBatchJobDef = batchAction({
  name: "batch.resume",
  input: z.object(jobRef),
  permission: "batch.run",
  target: (input) => ({ bucket: input.bucket, prefix: input.prefix }),
  handler: async (input, ctx) => {
    const job = await loadRunnableJob(input, ctx);
    const runner = getBatchRunner();
    // A dry run that was closed before it ever ran goes back to waiting for its (typed) confirmation.
    if (job.plannedAt && job.runs === 0) {
      if (!(await updateJob(getDb(), job.id, { status: "planned" }, ["cancelled"]))) throw new ActionFailure("state_changed", "batch.errors.stateChanged");
      return view(job.id);
    }
    const ok = job.plannedAt ? await runner.startRun(job.id, owner(ctx)) : await runner.startPlanning(job.id);
    if (!ok) throw new ActionFailure("state_changed", "batch.errors.stateChanged");
    return view(job.id);
  },
});

export const retryBatchJobDef = batchAction({
  name: "batch.retry",
  input: z.object({ ...jobRef, overwrite: z.boolean().optional(), confirm: z.string().max(20).optional() }),
  permission: "batch.run",
  target: (input) => ({ bucket: input.bucket, prefix: input.prefix }),
  handler: async (input, ctx) => {
    const job = await loadRunnableJob(input, ctx);
    const db = getDb();
    const op = job.operation;
    // Turning overwrite on is a new destructive decision: it needs its own typed confirmation.
    if (input.overwrite && hasTarget(op) && !op.overwrite) {
      const failed = (await countByStatus(db, job.id)).failed;
      if (input.confirm?.trim() !== String(failed)) {
        throw new ActionFailure("confirm_mismatch", "batch.errors.confirmMismatch", { count: failed }, { confirm: "batch.errors.confirmMismatch" });
      }
      await updateJob(db, job.id, { operation: { ...op, overwrite: true } }, ["done", "cancelled", "interrupted"]);
    }
    if ((await getBatchRunner().retryFailed(job.id, owner(ctx))) === 0) throw new ActionFailure("state_changed", "batch.errors.stateChanged");
    return view(job.id);
  },
});

export const undoBatchJobDef = batchAction({
  name: "batch.undo",
  input: z.object(jobRef),
  permission: "batch.run",
  target: (input) => ({ bucket: input.bucket, prefix: input.prefix }),
  audit: false,
  handler: async (input, ctx) => {
    // Moving everything back reads and writes the same places as the job did.
    const job = await loadRunnableJob(input, ctx);
    try {
      const undo = await createUndoJob(getDb(), owner(ctx), job);
      await getBatchRunner().startPlanning(undo.id);
      return { jobId: undo.id };
    } catch (err) {
      if (err instanceof UndoNotPossible) throw new ActionFailure("not_undoable", "batch.errors.notUndoable");
      throw err;
    }
  },
});
