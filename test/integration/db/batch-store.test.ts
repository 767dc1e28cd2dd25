// The batch job tables (migration 003) and their queries on both engines: embedded PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addKeys, createJob, createUndoJob } from "@/server/batch/create";
import { getJob, updateJob } from "@/server/batch/jobs-store";
import {
  countByStatus,
  countItems,
  countPlan,
  doneTargetedItems,
  listItems,
  recordOutcomes,
  requeueFailed,
  skipDuplicateTargets,
} from "@/server/batch/items-store";
import { claimChunk, clearOpenChunks, inflightItems, recordChunk } from "@/server/batch/chunks-store";
import { ENGINES, openTestDb, stopPostgres, type TestDb } from "@/test/support/db";

afterAll(stopPostgres);

const owner = { id: null, email: "store@example.test", role: "editor" as const, scopes: [{ bucket: "media", prefix: "team/" }] };
const keys = (n: number, prefix = "team/") => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${String(i).padStart(4, "0")}.jpg` }));

describe.each(ENGINES)("batch job store on %s", (engine) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(engine);
  });
  afterAll(() => t?.close());

  it("plans keys within the user's scope and narrows the job's scope prefix", async () => {
    const job = await createJob(
      t.db,
      owner,
      { kind: "keys", bucket: "media" },
      { op: "rename", pattern: { kind: "replace", find: "-x", replace: "" }, overwrite: false },
      [
        { key: "team/a/1-x.jpg" },
        { key: "team/a/1.jpg-x" }, // → team/a/1.jpg: fine
        { key: "team/a/2.jpg" }, // no match
      ],
    );
    await addKeys(t.db, (await getJob(t.db, job.id))!, [{ key: "team/b/1-x.jpg" }, { key: "other/1-x.jpg" }]);
    await skipDuplicateTargets(t.db, job.id);
    expect((await getJob(t.db, job.id))?.scopePrefix).toBe("");
    const items = await listItems(t.db, job.id, { filter: "all", offset: 0, limit: 10 });
    expect(items.map((i) => [i.key, i.targetKey, i.skip])).toEqual([
      ["team/a/1-x.jpg", "team/a/1.jpg", null],
      ["team/a/1.jpg-x", "team/a/1.jpg", "duplicate_target"],
      ["team/a/2.jpg", null, "no_match"],
      ["team/b/1-x.jpg", "team/b/1.jpg", null],
      ["other/1-x.jpg", "other/1.jpg", "forbidden"],
    ]);
    expect((await countPlan(t.db, job.id)).skips).toEqual({ duplicate_target: 1, no_match: 1, forbidden: 1 });
  });

  it("claims chunks in order, records grouped answers and per-item data, and requeues only failures", async () => {
    const job = await createJob(t.db, owner, { kind: "keys", bucket: "media" }, { op: "stat" }, keys(2500));
    const a = (await claimChunk(t.db, job.id, -1, 1000))!.items;
    const b = (await claimChunk(t.db, job.id, a[a.length - 1].seq, 1000))!.items;
    expect([a.length, b.length, a[0].seq, b[0].seq]).toEqual([1000, 1000, 0, 1000]);
    expect((await inflightItems(t.db, job.id)).length).toBe(2000);
    expect(await countByStatus(t.db, job.id)).toMatchObject({ inflight: 2000, pending: 500 });
    const [shown] = await listItems(t.db, job.id, { filter: "all", offset: 0, limit: 1 });
    expect(shown.status).toBe("inflight");
    await recordChunk(t.db, job.id, 0, [
      ...a.slice(0, 998).map((i) => ({ seq: i.seq, status: "done" as const, code: 200, message: null, data: { fsize: i.seq } })),
      { seq: a[998].seq, status: "failed", code: 612, message: "no such file or directory" },
      { seq: a[999].seq, status: "failed", code: 612, message: "no such file or directory" },
    ]);
    await recordChunk(
      t.db,
      job.id,
      1000,
      b.map((i) => ({ seq: i.seq, status: "done" as const, code: 200, message: null })),
    );
    expect((await inflightItems(t.db, job.id)).length).toBe(0);
    expect(await countByStatus(t.db, job.id)).toMatchObject({ done: 1998, failed: 2, pending: 500, inflight: 0, total: 2500 });
    const [first] = await listItems(t.db, job.id, { filter: "done", offset: 0, limit: 1 });
    expect(first.data).toEqual({ fsize: 0 });
    const failed = await listItems(t.db, job.id, { filter: "failed", offset: 0, limit: 10 });
    expect(failed.map((i) => [i.seq, i.code, i.message])).toEqual([
      [998, 612, "no such file or directory"],
      [999, 612, "no such file or directory"],
    ]);
    expect(await requeueFailed(t.db, job.id)).toBe(2);
    expect(await countByStatus(t.db, job.id)).toMatchObject({ done: 1998, failed: 0, pending: 502 });
  });

  it("marks a chunk answered 200 throughout instead of writing its items, and folds the marks before items are queued again", async () => {
    const job = await createJob(t.db, owner, { kind: "keys", bucket: "media" }, { op: "delete" }, keys(3000));
    const a = (await claimChunk(t.db, job.id, -1, 1000))!.items;
    const b = (await claimChunk(t.db, job.id, 999, 1000))!.items;
    await claimChunk(t.db, job.id, 1999, 1000); // stays in flight
    await recordChunk(
      t.db,
      job.id,
      0,
      a.map((i) => ({ seq: i.seq, status: "done" as const, code: 200, message: null })),
    );
    await recordChunk(
      t.db,
      job.id,
      1000,
      b.map((i) =>
        i.seq === 1500
          ? { seq: i.seq, status: "failed" as const, code: 612, message: "no such file or directory" }
          : { seq: i.seq, status: "done" as const, code: 200, message: null },
      ),
    );
    // The rows of the marked chunk are untouched; every reader sees them done, answered 200, sent once.
    const raw = await t.db.query<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM batch_items WHERE job_id = $1 AND seq < 1000 GROUP BY status",
      [job.id],
    );
    expect(raw).toEqual([{ status: "pending", n: 1000 }]);
    expect(await countByStatus(t.db, job.id)).toMatchObject({ done: 1999, failed: 1, inflight: 1000, pending: 0, total: 3000 });
    expect(await countItems(t.db, job.id, "done")).toBe(1999);
    const [first] = await listItems(t.db, job.id, { filter: "done", offset: 0, limit: 1 });
    expect(first).toMatchObject({ seq: 0, status: "done", code: 200, attempts: 1 });
    expect((await listItems(t.db, job.id, { filter: "pending", offset: 0, limit: 10 })).length).toBe(0);
    expect((await listItems(t.db, job.id, { filter: "all", offset: 1999, limit: 2 })).map((i) => i.status)).toEqual(["done", "inflight"]);
    // Walking on from a seq (exports) gives the same rows as paging by offset.
    expect((await listItems(t.db, job.id, { filter: "all", offset: 0, limit: 3, afterSeq: 998 })).map((i) => [i.seq, i.status])).toEqual([
      [999, "done"],
      [1000, "done"],
      [1001, "done"],
    ]);
    expect((await listItems(t.db, job.id, { filter: "failed", offset: 0, limit: 3, afterSeq: 1000 })).map((i) => i.seq)).toEqual([1500]);
    expect((await inflightItems(t.db, job.id)).map((i) => i.seq)).toEqual(Array.from({ length: 1000 }, (_, i) => 2000 + i));
    // The in-flight chunk is settled as "not applied" (as after a crash); the marked chunk keeps its answers.
    await recordOutcomes(
      t.db,
      job.id,
      (await inflightItems(t.db, job.id)).map((i) => ({ seq: i.seq, status: "pending" as const, code: null, message: null })),
    );
    await clearOpenChunks(t.db, job.id);
    expect(await countByStatus(t.db, job.id)).toMatchObject({ done: 1999, failed: 1, inflight: 0, pending: 1000 });
    // A retry folds the mark into the rows first, so a walk from the start sends only what is really pending.
    expect(await requeueFailed(t.db, job.id)).toBe(1);
    expect(await t.db.query("SELECT * FROM batch_chunks WHERE job_id = $1", [job.id])).toEqual([]);
    const [folded] = await t.db.query<{ status: string; code: number; attempts: number }>(
      "SELECT status, code, attempts FROM batch_items WHERE job_id = $1 AND seq = 0",
      [job.id],
    );
    expect(folded).toEqual({ status: "done", code: 200, attempts: 1 });
    const again = (await claimChunk(t.db, job.id, -1, 5000))!.items.map((i) => i.seq);
    expect(again).toEqual([1500, ...Array.from({ length: 1000 }, (_, i) => 2000 + i)]);
  });

  it("builds an undo job from the done moves only, once", async () => {
    const op = { op: "move" as const, targetBucket: "archive", pattern: { kind: "prefix" as const, from: "team/", to: "old/" }, overwrite: false };
    const admin = { ...owner, role: "admin" as const, scopes: [] };
    const job = await createJob(t.db, admin, { kind: "keys", bucket: "media" }, op, keys(1500));
    const claimed = (await claimChunk(t.db, job.id, -1, 1500))!.items;
    await recordChunk(
      t.db,
      job.id,
      0,
      claimed.map((i) => ({ seq: i.seq, status: i.seq === 7 ? ("failed" as const) : ("done" as const), code: i.seq === 7 ? 614 : 200, message: null })),
    );
    await updateJob(t.db, job.id, { status: "done", plannedAt: "now" });
    expect((await doneTargetedItems(t.db, job.id, -1, 5000)).length).toBe(1499);
    const undo = await createUndoJob(t.db, admin, (await getJob(t.db, job.id))!);
    expect(undo).toMatchObject({
      bucket: "archive",
      undoOf: job.id,
      operation: { op: "move", targetBucket: "media", pattern: { kind: "explicit" }, overwrite: false },
    });
    const items = await listItems(t.db, undo.id, { filter: "all", offset: 0, limit: 2 });
    expect(items.map((i) => [i.bucket, i.key, i.targetBucket, i.targetKey])).toEqual([
      ["archive", "old/0000.jpg", "media", "team/0000.jpg"],
      ["archive", "old/0001.jpg", "media", "team/0001.jpg"],
    ]);
    expect((await countByStatus(t.db, undo.id)).total).toBe(1499);
    expect((await getJob(t.db, job.id))?.undoneBy).toBe(undo.id);
    await expect(createUndoJob(t.db, admin, (await getJob(t.db, job.id))!)).rejects.toThrow();
  });
});
