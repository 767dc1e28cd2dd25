// Red-team issue 17, finding 10: a key holding NUL (made through the SDK) left prefix jobs interrupted for good with a
// raw database error (PostgreSQL text cannot hold NUL), and the console could not delete it. Every key Qiniu stores
// must be listable, batchable and deletable: the job tables store keys escaped (server/batch/key-text.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { objectRef } from "@/server/buckets/schemas";
import type { SessionUser } from "@/server/auth/session";
import { createBatchJobDef, startBatchJobDef } from "@/server/batch/action-defs";
import { getJob } from "@/server/batch/jobs-store";
import { listItems } from "@/server/batch/items-store";
import type { BatchRunner } from "@/server/batch/runner";
import { CONTROL_CHAR_KEYS } from "../../support/tricky-keys";
import { actAs, addUser, installConsole } from "./actions-env";
import { fillBucket, listKeys, openFixture, type BatchFixture } from "./fixture";

const BUCKET = "nul-keys";
const KEYS = [...CONTROL_CHAR_KEYS, "nul/plain.txt"];
let fx: BatchFixture;
let runner: BatchRunner;
let user: SessionUser;
const sorted = (keys: readonly string[]) => [...keys].sort();

beforeAll(async () => {
  fx = await openFixture();
  await fx.qiniu.mkbucket(BUCKET, "z0");
  runner = installConsole(fx);
  user = await addUser(fx.testDb.db, "keys-editor@example.test", "editor", [{ bucket: BUCKET, prefix: "" }]);
  await fillBucket(fx.emu, fx.qiniu, BUCKET, KEYS);
});
afterAll(async () => {
  await runner?.shutdown();
  await fx?.close();
});

/** Creates a job through the action, waits for its dry run, starts it (typing the count) and waits for its end. */
async function runJob(input: z.input<typeof createBatchJobDef.input>, prefix: string, count: number): Promise<string> {
  const as = actAs(fx.testDb.db, user);
  const created = await as(createBatchJobDef, input);
  if (!created.ok) throw new Error(JSON.stringify(created.error));
  const { jobId } = created.data;
  await runner.settled(jobId);
  expect(await getJob(fx.testDb.db, jobId)).toMatchObject({ status: "planned", error: null });
  const started = await as(startBatchJobDef, { jobId, bucket: BUCKET, prefix, confirm: String(count) });
  expect(started.ok, JSON.stringify(started)).toBe(true);
  await runner.settled(jobId);
  expect(await getJob(fx.testDb.db, jobId)).toMatchObject({ status: "done", error: null });
  return jobId;
}

describe("keys holding NUL and other control characters", () => {
  it("are emulator keys the SDK lists back exactly", async () => {
    expect(sorted(await listKeys(fx.qiniu, BUCKET, "nul/"))).toEqual(sorted(KEYS));
  });

  it("go through a prefix job: listed, planned, copied to targets holding them, items read back exactly", async () => {
    const operation = { op: "copy", targetBucket: BUCKET, pattern: { kind: "prefix", from: "nul/", to: "copy/" }, overwrite: false } as const;
    const jobId = await runJob({ kind: "prefix", bucket: BUCKET, prefix: "nul/", operation }, "nul/", KEYS.length);
    const items = await listItems(fx.testDb.db, jobId, { filter: "all", offset: 0, limit: 100 });
    expect(items.map((i) => [i.key, i.targetKey, i.status])).toEqual(sorted(KEYS).map((k) => [k, k.replace("nul/", "copy/"), "done"]));
    expect(sorted(await listKeys(fx.qiniu, BUCKET, "copy/"))).toEqual(sorted(KEYS.map((k) => k.replace("nul/", "copy/"))));
  });

  it("take a prefix that itself holds NUL", async () => {
    const jobId = await runJob({ kind: "prefix", bucket: BUCKET, prefix: "nul/a\u0000", operation: { op: "stat" } }, "nul/a\u0000", 0);
    const job = await getJob(fx.testDb.db, jobId);
    expect(job?.source).toEqual({ kind: "prefix", bucket: BUCKET, prefix: "nul/a\u0000" });
    expect(job?.scopePrefix).toBe("nul/a\u0000");
    expect((await listItems(fx.testDb.db, jobId, { filter: "all", offset: 0, limit: 10 })).map((i) => i.key)).toEqual(["nul/a\u0000b.txt"]);
  });

  it("are deleted by a batch job of pasted keys and by a prefix delete job", async () => {
    const copies = KEYS.map((k) => ({ key: k.replace("nul/", "copy/") }));
    await runJob({ kind: "keys", bucket: BUCKET, operation: { op: "delete" }, keys: copies, final: true }, "copy/", copies.length);
    expect(await listKeys(fx.qiniu, BUCKET, "copy/")).toEqual([]);
    await runJob({ kind: "prefix", bucket: BUCKET, prefix: "nul/", operation: { op: "delete" } }, "nul/", KEYS.length);
    expect(await listKeys(fx.qiniu, BUCKET, "nul/")).toEqual([]);
  });

  it("are accepted by the single-object actions' input (the delete action hands the key to rs delete as is)", async () => {
    for (const key of KEYS) expect(objectRef.safeParse({ bucket: BUCKET, key }).success, JSON.stringify(key)).toBe(true);
    await fillBucket(fx.emu, fx.qiniu, BUCKET, ["one/a\u0000b"]);
    await fx.qiniu.delete(BUCKET, "one/a\u0000b");
    expect(await listKeys(fx.qiniu, BUCKET, "one/")).toEqual([]);
  });
});
