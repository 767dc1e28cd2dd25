// Job leases (migration 014, server/batch/runner.ts): on one PostgreSQL, a runner whose instance stops answering
// loses the job to exactly one other runner, which finishes it with every item done once; the old runner, coming back,
// sends and records nothing more. On the embedded database the same fence stops a runner whose lease is gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/server/db";
import type { BatchQiniu } from "@/server/batch/deps";
import { BatchRunner } from "@/server/batch/runner";
import { getJob } from "@/server/batch/jobs-store";
import { countByStatus } from "@/server/batch/items-store";
import { ADMIN, fillBucket, listKeys, newJob, openFixture, range, type BatchFixture } from "./fixture";
import { stopPostgres } from "../../support/db";

let fx: BatchFixture;
const SRC = "lease-src";
const DST = "lease-dst";
const LEASE_MS = 1500;

beforeAll(async () => {
  fx = await openFixture("postgres");
  await fx.qiniu.mkbucket(SRC, "z0");
  await fx.qiniu.mkbucket(DST, "z0");
});
afterAll(async () => {
  await fx?.close();
  await stopPostgres();
});

/** A database handle that can be cut off (every call fails) and restored: an instance that lost its network. */
function partitionable(db: Db) {
  let cut = false;
  const check = () => {
    if (cut) throw new Error("partitioned from the database");
  };
  const handle: Db = {
    engine: db.engine,
    query: async (sql, params) => (check(), db.query(sql, params)),
    exec: async (sql) => (check(), db.exec(sql)),
    transaction: async (fn) => (check(), db.transaction(fn)),
    close: () => db.close(),
  };
  return { handle, cut: (on: boolean) => (cut = on) };
}

/** Batch calls that, once held, wait until released before reaching the emulator: requests stuck in the network. */
function holdable(qiniu: BatchQiniu) {
  let held: Promise<void> | undefined;
  let release = () => {};
  let waiting = 0;
  const client: BatchQiniu = {
    list: (o, opts) => qiniu.list(o, opts),
    async batch(ops, opts) {
      if (held) {
        waiting++;
        await held;
      }
      return qiniu.batch(ops, opts);
    },
  };
  return {
    client,
    hold: () => (held = new Promise<void>((r) => (release = r))),
    release: () => release(),
    waiting: () => waiting,
  };
}

const copyAll = { op: "copy", targetBucket: DST, pattern: { kind: "same" }, overwrite: false } as const;

describe("batch job leases on PostgreSQL", () => {
  it("a job whose instance stops answering is taken over by exactly one other runner and done once; the old runner writes nothing more", async () => {
    const N = 6000;
    const keys = range(N, (i) => `l/${String(i).padStart(5, "0")}`);
    await fillBucket(fx.emu, fx.qiniu, SRC, keys);
    const job = await newJob(fx, { kind: "prefix", bucket: SRC, prefix: "l/" }, copyAll);
    const planner = new BatchRunner(fx.deps());
    expect(await planner.startPlanning(job.id)).toBe(true);
    await planner.settled(job.id);

    const db = partitionable(await fx.testDb.connectAgain());
    const net = holdable(fx.qiniu);
    const a = new BatchRunner(fx.deps({ db: db.handle, qiniu: net.client, chunkSize: 500, concurrency: 2, staleMs: LEASE_MS }));
    expect(await a.startRun(job.id, ADMIN)).toBe(true);
    await expect.poll(async () => (await countByStatus(fx.testDb.db, job.id)).done, { timeout: 30_000 }).toBeGreaterThan(0);
    // A's next requests stick in the network, then A loses the database: no heartbeat, the lease lapses.
    net.hold();
    await expect.poll(() => net.waiting(), { timeout: 30_000 }).toBeGreaterThan(0);
    db.cut(true);
    expect((await getJob(fx.testDb.db, job.id))?.runnerId).toBe(a.id);

    // Two live runners look for lapsed leases at the same moment, again and again: exactly one takes the job over.
    const pools = await Promise.all([fx.testDb.connectAgain(), fx.testDb.connectAgain()]);
    const [b, c] = pools.map((d) => new BatchRunner(fx.deps({ db: d, staleMs: LEASE_MS })));
    const takers: string[] = [];
    await expect
      .poll(
        async () => {
          const [tb, tc] = await Promise.all([b.takeOverExpired(), c.takeOverExpired()]);
          if (tb.length) takers.push(b.id);
          if (tc.length) takers.push(c.id);
          return takers.length;
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBeGreaterThan(0);
    expect(takers).toHaveLength(1);
    const winner = takers[0] === b.id ? b : c;
    expect((b.isActive(job.id) ? 1 : 0) + (c.isActive(job.id) ? 1 : 0)).toBe(1);
    await winner.settled(job.id);
    const done = await getJob(fx.testDb.db, job.id);
    expect(done).toMatchObject({ status: "done", runnerId: null, takeovers: 1 });
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ total: N, done: N, failed: 0, pending: 0, inflight: 0 });

    // A comes back: its held requests reach the emulator (and find the copies made: 614), but it records nothing.
    db.cut(false);
    net.release();
    await a.settled(job.id);
    expect(a.isActive(job.id)).toBe(false);
    expect(await getJob(fx.testDb.db, job.id)).toMatchObject({ status: "done", runnerId: null, takeovers: 1, finishedAt: done!.finishedAt });
    expect(await countByStatus(fx.testDb.db, job.id)).toMatchObject({ total: N, done: N, failed: 0 });
    expect((await listKeys(fx.qiniu, DST, "l/")).sort()).toEqual(keys);
    await Promise.all([db.handle, ...pools].map((d) => d.close()));
  }, 120_000);
});

describe("batch job leases on the embedded database", () => {
  it("a runner whose lease was taken from it stops sending and leaves the job to its new holder", async () => {
    const local = await openFixture("pglite");
    try {
      await local.qiniu.mkbucket("lease-one", "z0");
      await local.qiniu.mkbucket("lease-two", "z0");
      const keys = range(3000, (i) => `p/${String(i).padStart(5, "0")}`);
      await fillBucket(local.emu, local.qiniu, "lease-one", keys);
      const job = await newJob(local, { kind: "prefix", bucket: "lease-one", prefix: "p/" }, { ...copyAll, targetBucket: "lease-two" });
      const net = holdable(local.qiniu);
      const runner = new BatchRunner(local.deps({ qiniu: net.client, chunkSize: 250, concurrency: 1 }));
      expect(await runner.startPlanning(job.id)).toBe(true);
      await runner.settled(job.id);
      net.hold();
      expect(await runner.startRun(job.id, ADMIN)).toBe(true);
      await expect.poll(() => net.waiting()).toBe(1);
      await local.testDb.db.query("UPDATE batch_jobs SET runner_id = 'another-instance' WHERE id = $1", [job.id]);
      net.release();
      await runner.settled(job.id);
      // The answer to the request in flight is not recorded, and nothing more was sent: the new holder settles it.
      expect(await getJob(local.testDb.db, job.id)).toMatchObject({ status: "running", runnerId: "another-instance" });
      expect(await countByStatus(local.testDb.db, job.id)).toMatchObject({ total: 3000, done: 0, inflight: 250, pending: 2750 });
      expect(await listKeys(local.qiniu, "lease-two", "p/")).toHaveLength(250);
    } finally {
      await local.close();
    }
  }, 120_000);
});
