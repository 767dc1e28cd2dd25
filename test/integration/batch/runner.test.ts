// The batch job runner against a real emulator process and a real (PGlite) database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRunEnd } from "@/server/batch/audit";
import { BatchRunner } from "@/server/batch/runner";
import { QiniuError } from "@/lib/qiniu/errors";
import type { QiniuClient } from "@/lib/qiniu/client";
import { getJob } from "@/server/batch/jobs-store";
import { countByStatus, countPlan, listItems } from "@/server/batch/items-store";
import { ADMIN, fillBucket, listKeys, newJob, openFixture, range, type BatchFixture } from "./fixture";

let fx: BatchFixture;
const BUCKET = "runner-a";
const OTHER = "runner-b";

beforeAll(async () => {
  fx = await openFixture();
  await fx.qiniu.mkbucket(BUCKET, "z0");
  await fx.qiniu.mkbucket(OTHER, "z0");
});
afterAll(async () => {
  await fx?.close();
});

async function planAndWait(runner: BatchRunner, jobId: string) {
  expect(await runner.startPlanning(jobId)).toBe(true);
  await runner.settled(jobId);
  const job = await getJob(fx.testDb.db, jobId);
  expect(job?.status).toBe("planned");
}

async function runAndWait(runner: BatchRunner, jobId: string) {
  expect(await runner.startRun(jobId, ADMIN)).toBe(true);
  await runner.settled(jobId);
}

describe("batch runner", () => {
  it("lists a prefix page by page, deletes every object under it in chunks, and audits each chunk and the run", async () => {
    const keys = range(2500, (i) => `del/${String(i).padStart(5, "0")}.txt`);
    await fillBucket(fx.emu, fx.qiniu, BUCKET, [...keys, "keep/one.txt"]);
    const runner = new BatchRunner(fx.deps({ chunkSize: 1000, onRunEnd: auditRunEnd(fx.testDb.db) }));
    const job = await newJob(fx, { kind: "prefix", bucket: BUCKET, prefix: "del/" }, { op: "delete" });
    await planAndWait(runner, job.id);
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ total: 2500, pending: 2500 });
    await runAndWait(runner, job.id);
    expect((await getJob(fx.testDb.db, job.id))?.status).toBe("done");
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ total: 2500, done: 2500, failed: 0, pending: 0, inflight: 0 });
    expect(await listKeys(fx.qiniu, BUCKET, "del/")).toEqual([]);
    expect(await listKeys(fx.qiniu, BUCKET, "keep/")).toEqual(["keep/one.txt"]);
    const audit = await fx.testDb.db.query<{ action: string; bucket: string; target: string; outcome: string; params: Record<string, unknown> }>(
      "SELECT action, bucket, target, outcome, params FROM audit_log WHERE params->>'jobId' = $1 ORDER BY id",
      [job.id],
    );
    // One record per chunk of 1000 as it was recorded, then the run's summary.
    expect(audit.map((a) => a.action)).toEqual(["batch.chunk", "batch.chunk", "batch.chunk", "batch.run"]);
    expect(
      audit
        .slice(0, 3)
        .map((a) => (a.params.counts as { done: number }).done)
        .sort((x, y) => x - y),
    ).toEqual([500, 1000, 1000]);
    expect(audit[3]).toMatchObject({ action: "batch.run", bucket: BUCKET, target: "del/", outcome: "ok" });
    expect(audit[3].params).toMatchObject({ jobId: job.id, items: `/batch?job=${job.id}`, counts: { total: 2500, done: 2500, failed: 0 } });
  });

  it("records 298 partial failures per item with Qiniu's code, and a retry with overwrite fixes only those", async () => {
    const keys = range(30, (i) => `copy/${i}.txt`);
    await fillBucket(fx.emu, fx.qiniu, BUCKET, keys);
    // 10 of the 30 targets exist already: without overwrite, Qiniu answers 614 for them.
    await fillBucket(
      fx.emu,
      fx.qiniu,
      OTHER,
      keys.slice(0, 10).map((k) => `backup/${k}`),
      "older content",
    );
    const runner = new BatchRunner(fx.deps());
    const job = await newJob(
      fx,
      { kind: "keys", bucket: BUCKET },
      { op: "copy", targetBucket: OTHER, pattern: { kind: "prefix", from: "", to: "backup/" }, overwrite: false },
      keys.map((key) => ({ key })),
    );
    await planAndWait(runner, job.id);
    expect((await countPlan(fx.testDb.db, job.id)).checks).toMatchObject({ ok: 20, conflict: 10 });
    await runAndWait(runner, job.id);
    const failed = await listItems(fx.testDb.db, job.id, { filter: "failed", offset: 0, limit: 100 });
    expect(failed.map((i) => i.key)).toEqual(keys.slice(0, 10));
    expect(failed.every((i) => i.code === 614 && /exist/i.test(i.message ?? ""))).toBe(true);
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ done: 20, failed: 10 });

    // Retry only the failed items, now overwriting.
    const current = (await getJob(fx.testDb.db, job.id))!;
    await fx.testDb.db.query(`UPDATE batch_jobs SET operation = $2::jsonb WHERE id = $1`, [job.id, JSON.stringify({ ...current.operation, overwrite: true })]);
    const attemptsOf = async () => (await listItems(fx.testDb.db, job.id, { filter: "all", offset: 0, limit: 100 })).map((i) => i.attempts);
    const attemptsBefore = await attemptsOf();
    expect(await runner.retryFailed(job.id, ADMIN)).toBe(10);
    await runner.settled(job.id);
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ done: 30, failed: 0 });
    const attemptsAfter = await attemptsOf();
    // Only the 10 failed items were sent a second time.
    expect(attemptsAfter.map((n, seq) => n - attemptsBefore[seq])).toEqual([...Array(10).fill(1), ...Array(20).fill(0)]);
    const stats = await fx.qiniu.batch(keys.map((k) => `/stat/${Buffer.from(`${OTHER}:backup/${k}`).toString("base64url")}`));
    expect(stats.every((s) => s.code === 200)).toBe(true);
  });

  it("renames with a pattern, then an undo job moves every object back", async () => {
    const keys = range(120, (i) => `photos/img-${i}.jpg`);
    await fillBucket(fx.emu, fx.qiniu, BUCKET, keys);
    const runner = new BatchRunner(fx.deps({ chunkSize: 50, concurrency: 3 }));
    const job = await newJob(
      fx,
      { kind: "prefix", bucket: BUCKET, prefix: "photos/" },
      { op: "rename", pattern: { kind: "suffix", suffix: "-v2", beforeExtension: true }, overwrite: false },
    );
    await planAndWait(runner, job.id);
    await runAndWait(runner, job.id);
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ done: 120 });
    expect((await listKeys(fx.qiniu, BUCKET, "photos/")).sort()).toEqual(keys.map((k) => k.replace(".jpg", "-v2.jpg")).sort());

    const { createUndoJob } = await import("@/server/batch/create");
    const undo = await createUndoJob(fx.testDb.db, { id: null, email: "x@example.test", role: "admin", scopes: [] }, (await getJob(fx.testDb.db, job.id))!);
    await expect(
      createUndoJob(fx.testDb.db, { id: null, email: "x@example.test", role: "admin", scopes: [] }, (await getJob(fx.testDb.db, job.id))!),
    ).rejects.toThrow(/not finished|already undone/);
    await planAndWait(runner, undo.id);
    expect((await countPlan(fx.testDb.db, undo.id)).checks).toMatchObject({ ok: 120 });
    await runAndWait(runner, undo.id);
    expect(await countByStatus(fx.testDb.db, undo.id)).toMatchObject({ done: 120 });
    expect((await listKeys(fx.qiniu, BUCKET, "photos/")).sort()).toEqual([...keys].sort());
  });

  it("cancels a running job after the requests in flight; the rest stays pending and can be resumed", async () => {
    const keys = range(3000, (i) => `cancel/${i}`);
    await fillBucket(fx.emu, fx.qiniu, BUCKET, keys);
    const runner = new BatchRunner(fx.deps({ chunkSize: 100, concurrency: 1 }));
    const job = await newJob(fx, { kind: "prefix", bucket: BUCKET, prefix: "cancel/" }, { op: "chtype", type: 1 });
    await planAndWait(runner, job.id);
    expect(await runner.startRun(job.id, ADMIN)).toBe(true);
    expect(await runner.cancel(job.id)).toBe(true);
    await runner.settled(job.id);
    expect((await getJob(fx.testDb.db, job.id))?.status).toBe("cancelled");
    const counts = await countByStatus(fx.testDb.db, job.id);
    expect(counts.inflight).toBe(0);
    expect(counts.pending).toBeGreaterThan(0);
    expect(counts.done + counts.pending).toBe(3000);
    await runAndWait(runner, job.id);
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ done: 3000, pending: 0 });
    const sample = await fx.qiniu.stat(BUCKET, "cancel/2999");
    expect(sample.type).toBe(1);
  });
});

describe("cancelling a dry run", () => {
  it("stops listing between pages and resumes from the saved marker without listing a page twice", async () => {
    const keys = range(3500, (i) => `plan-cancel/${String(i).padStart(4, "0")}`);
    await fillBucket(fx.emu, fx.qiniu, BUCKET, keys);
    const runner = new BatchRunner(fx.deps());
    const job = await newJob(fx, { kind: "prefix", bucket: BUCKET, prefix: "plan-cancel/" }, { op: "stat" });
    expect(await runner.startPlanning(job.id)).toBe(true);
    expect(await runner.cancel(job.id)).toBe(true);
    await runner.settled(job.id);
    const cancelled = (await getJob(fx.testDb.db, job.id))!;
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.plannedAt).toBeNull();
    expect((await countByStatus(fx.testDb.db, job.id)).total).toBeLessThan(3500);

    await planAndWait(runner, job.id);
    const items = await fx.testDb.db.query<{ key: string }>("SELECT key FROM batch_items WHERE job_id = $1 ORDER BY seq", [job.id]);
    expect(items.map((i) => i.key)).toEqual(keys);
  });
});

describe("lost answers", () => {
  it("settles a chunk whose answer was lost after Qiniu applied it, and carries on without redoing it", async () => {
    const keys = range(500, (i) => `lost/${i}.txt`);
    await fillBucket(fx.emu, fx.qiniu, BUCKET, keys);
    let calls = 0;
    // The real emulator applies the second chunk; its answer is then "lost" as if the connection dropped.
    const flaky = {
      list: fx.qiniu.list.bind(fx.qiniu),
      async batch(ops: readonly string[]) {
        const results = await fx.qiniu.batch(ops);
        if (++calls === 2 && ops[0].startsWith("/move/")) throw new QiniuError({ status: 0, code: "network", message: "socket hang up" });
        return results;
      },
    } as Pick<QiniuClient, "batch" | "list">;
    const runner = new BatchRunner(fx.deps({ qiniu: flaky, chunkSize: 100, concurrency: 1 }));
    const job = await newJob(
      fx,
      { kind: "prefix", bucket: BUCKET, prefix: "lost/" },
      { op: "move", targetBucket: OTHER, pattern: { kind: "same" }, overwrite: false },
    );
    expect(await runner.startPlanning(job.id)).toBe(true);
    await runner.settled(job.id);
    calls = 0;
    await runAndWait(runner, job.id);
    expect((await getJob(fx.testDb.db, job.id))?.status).toBe("done");
    // A move sent twice would fail with 612 (source gone): none did, and the lost chunk was verified, not re-sent.
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ done: 500, failed: 0 });
    const verified = await fx.testDb.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM batch_items WHERE job_id = $1 AND data->>'verifiedAfterInterruption' = 'true' AND attempts = 1`,
      [job.id],
    );
    expect(verified[0].n).toBe(100);
    expect((await listKeys(fx.qiniu, OTHER, "lost/")).length).toBe(500);
  });
});

describe("claiming chunks", () => {
  it("marks exactly one chunk in-flight per claim, in order", async () => {
    const { claimChunk } = await import("@/server/batch/chunks-store");
    const job = await newJob(
      fx,
      { kind: "keys", bucket: BUCKET },
      { op: "stat" },
      range(450, (i) => `claim/${i}`).map((key) => ({ key })),
    );
    const first = (await claimChunk(fx.testDb.db, job.id, -1, 200))!;
    const second = (await claimChunk(fx.testDb.db, job.id, first.items[199].seq, 200))!;
    const third = (await claimChunk(fx.testDb.db, job.id, second.items[199].seq, 200))!;
    expect([first.items.length, second.items.length, third.items.length]).toEqual([200, 200, 50]);
    expect([first.firstSeq, second.firstSeq, third.firstSeq]).toEqual([0, 200, 400]);
    expect(await claimChunk(fx.testDb.db, job.id, third.items[49].seq, 200)).toBeUndefined();
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ inflight: 450, pending: 0 });
  });
});
