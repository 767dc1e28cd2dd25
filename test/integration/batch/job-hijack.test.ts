// Red-team issue 17, finding 1: a prefix-scoped editor starting, resuming, retrying or cancelling a job someone else
// planned. Each step is authorized for the user doing it, at that moment, on the job's sources and targets; a run
// acts for (and is audited under) that user, whose rights the runner reads again before each run.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "@/server/auth/session";
import { updateUser } from "@/server/auth/users";
import { cancelBatchJobDef, createBatchJobDef, resumeBatchJobDef, retryBatchJobDef, startBatchJobDef, undoBatchJobDef } from "@/server/batch/action-defs";
import { getJob, updateJob } from "@/server/batch/jobs-store";
import type { BatchRunner } from "@/server/batch/runner";
import type { BatchOperation } from "@/lib/batch/spec";
import { RUN_REFUSED } from "@/lib/batch/view";
import { actAs, addUser, installConsole, jobAudit } from "./actions-env";
import { fillBucket, listKeys, openFixture, range, type BatchFixture } from "./fixture";

const MEDIA = "hijack-media";
const ARCHIVE = "hijack-archive";
let fx: BatchFixture;
let runner: BatchRunner;
let owner: SessionUser;
let editor: SessionUser;

beforeAll(async () => {
  fx = await openFixture();
  await Promise.all([fx.qiniu.mkbucket(MEDIA, "z0"), fx.qiniu.mkbucket(ARCHIVE, "z0")]);
  runner = installConsole(fx);
  owner = await addUser(fx.testDb.db, "owner@example.test", "editor", [
    { bucket: MEDIA, prefix: "" },
    { bucket: ARCHIVE, prefix: "" },
  ]);
  // May write under media/team/ only: not the archive bucket.
  editor = await addUser(fx.testDb.db, "team-editor@example.test", "editor", [{ bucket: MEDIA, prefix: "team/" }]);
});
afterAll(async () => {
  await runner?.shutdown();
  await fx?.close();
});

/** The owner plans a prefix job through the create action and waits for its dry run. */
async function ownerPlans(prefix: string, operation: BatchOperation): Promise<string> {
  const created = await actAs(fx.testDb.db, owner)(createBatchJobDef, { kind: "prefix", bucket: MEDIA, prefix, operation });
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  await runner.settled(created.data.jobId);
  expect((await getJob(fx.testDb.db, created.data.jobId))?.status).toBe("planned");
  return created.data.jobId;
}

describe("batch job actions by a scoped editor on someone else's job", () => {
  it("refuses start, cancel, resume, retry and undo of a move into a bucket the editor may not write; nothing moves", async () => {
    const keys = range(20, (i) => `team/move/${i}.txt`);
    await fillBucket(fx.emu, fx.qiniu, MEDIA, keys);
    const jobId = await ownerPlans("team/move/", { op: "move", targetBucket: ARCHIVE, pattern: { kind: "same" }, overwrite: false });
    const as = actAs(fx.testDb.db, editor);
    const ref = { jobId, bucket: MEDIA, prefix: "team/move/" };

    // Each in a state where the step would otherwise go ahead.
    expect(await as(startBatchJobDef, { ...ref, confirm: "20" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await as(cancelBatchJobDef, ref)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await updateJob(fx.testDb.db, jobId, { status: "interrupted", runStarted: { base: 0 } });
    expect(await as(resumeBatchJobDef, ref)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await fx.testDb.db.query(`UPDATE batch_items SET status = 'failed', code = 599 WHERE job_id = $1 AND seq < 5`, [jobId]);
    await updateJob(fx.testDb.db, jobId, { status: "done" });
    expect(await as(retryBatchJobDef, ref)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // Undoing it would move the objects back out of the archive the editor may not touch either.
    expect(await as(undoBatchJobDef, ref)).toMatchObject({ ok: false, error: { code: "forbidden" } });

    await runner.settled(jobId);
    expect((await getJob(fx.testDb.db, jobId))?.status).toBe("done");
    expect(await listKeys(fx.qiniu, ARCHIVE, "team/")).toEqual([]);
    expect((await listKeys(fx.qiniu, MEDIA, "team/move/")).sort()).toEqual([...keys].sort());
    // The refusals are on record under the editor; no run happened, so nothing is recorded for anyone else.
    const audit = await jobAudit(fx.testDb.db, jobId);
    expect(audit.map((a) => [a.action, a.actor_email, a.error_code])).toEqual([
      ["batch.start", editor.email, "forbidden"],
      ["batch.cancel", editor.email, "forbidden"],
      ["batch.resume", editor.email, "forbidden"],
      ["batch.retry", editor.email, "forbidden"],
    ]);
  });

  it("lets the editor run a job planned by someone else inside the editor's scope, acting and audited as the editor", async () => {
    const keys = range(30, (i) => `team/old/${i}.txt`);
    await fillBucket(fx.emu, fx.qiniu, MEDIA, keys);
    const jobId = await ownerPlans("team/old/", { op: "delete" });
    const started = await actAs(fx.testDb.db, editor)(startBatchJobDef, { jobId, bucket: MEDIA, prefix: "team/old/", confirm: "30" });
    expect(started.ok).toBe(true);
    await runner.settled(jobId);
    expect((await getJob(fx.testDb.db, jobId))?.status).toBe("done");
    expect(await listKeys(fx.qiniu, MEDIA, "team/old/")).toEqual([]);
    const audit = await jobAudit(fx.testDb.db, jobId);
    expect(audit.map((a) => [a.action, a.actor_email, a.outcome])).toEqual([
      ["batch.start", editor.email, "ok"],
      ["batch.chunk", editor.email, "ok"],
      ["batch.run", editor.email, "ok"],
    ]);
    expect((await getJob(fx.testDb.db, jobId))?.runBy).toMatchObject({ id: editor.id, email: editor.email });
  });

  it("reads the run's user's rights again before each run: disabled, or no longer covering the job, means no run", async () => {
    const keys = range(10, (i) => `team/keep/${i}.txt`);
    await fillBucket(fx.emu, fx.qiniu, MEDIA, keys);
    const jobId = await ownerPlans("team/keep/", { op: "delete" });
    // The editor was entitled when the step was authorized, then an admin disabled them before the run began.
    await updateUser(fx.testDb.db, editor.id, { disabled: true });
    expect(await runner.startRun(jobId, editor)).toBe(true);
    await runner.settled(jobId);
    let job = await getJob(fx.testDb.db, jobId);
    expect(job).toMatchObject({ status: "interrupted", error: RUN_REFUSED });
    // Enabled again but narrowed to another prefix: a resume (e.g. of a session still open) does not run either.
    await updateUser(fx.testDb.db, editor.id, { disabled: false, scopes: [{ bucket: MEDIA, prefix: "team/other/" }] });
    expect(await runner.startRun(jobId, editor)).toBe(true);
    await runner.settled(jobId);
    job = await getJob(fx.testDb.db, jobId);
    expect(job).toMatchObject({ status: "interrupted", error: RUN_REFUSED });
    expect((await listKeys(fx.qiniu, MEDIA, "team/keep/")).sort()).toEqual([...keys].sort());
    const audit = await jobAudit(fx.testDb.db, jobId);
    expect(audit.map((a) => [a.action, a.actor_email, a.outcome, a.error_message])).toEqual([
      ["batch.run", editor.email, "denied", `${editor.email} is disabled or removed`],
      ["batch.run", editor.email, "denied", `${editor.email} may no longer run this job`],
    ]);
    await updateUser(fx.testDb.db, editor.id, { scopes: [{ bucket: MEDIA, prefix: "team/" }] });
  });
});
