import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createTestContext, startEngine, type Harness, type TestContext } from "./fixture";

const harnesses: Harness[] = [];
const contexts: TestContext[] = [];
const servers: http.Server[] = [];

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  for (const c of contexts.splice(0)) c.cleanup();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

function context(opts?: Parameters<typeof createTestContext>[0]) {
  const ctx = createTestContext(opts);
  contexts.push(ctx);
  return ctx;
}

function engine(ctx: TestContext, opts?: Parameters<typeof startEngine>[1]) {
  const h = startEngine(ctx, opts);
  harnesses.push(h);
  return h;
}

/** A loopback receiver recording what the emulator POSTs; answers with `status`. */
async function receiver(status = 200, onReceive?: (body: { id: string }) => void) {
  const received: { contentType?: string; auth?: string; body: unknown }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string };
      onReceive?.(body);
      received.push({ contentType: req.headers["content-type"], auth: req.headers.authorization, body });
      res.statusCode = status;
      res.end("{}");
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pfop-notify?x=1`, received };
}

async function withSource(ctx: TestContext) {
  await ctx.store.putBuffer("media", "a.txt", Buffer.from("not an image"));
}

describe("pfop job lifecycle", () => {
  it("POSTs the final prefop JSON to notifyURL when the job ends", async () => {
    const ctx = context();
    await withSource(ctx);
    const h = engine(ctx);
    const codesSeenByReceiver: number[] = [];
    const { url, received } = await receiver(200, (body) => codesSeenByReceiver.push(h.engine.status(body.id)!.code));
    const id = h.engine.submit({ bucket: "media", key: "a.txt", fops: "avinfo", notifyURL: url, pipeline: "p1", from: "pfop" });
    const status = await h.finished(id);
    expect(status.code).toBe(3); // a text file is not media
    expect(received).toHaveLength(1);
    expect(received[0].contentType).toBe("application/json");
    expect(received[0].auth).toBeUndefined();
    expect(received[0].body).toEqual({ ...status, code: 3, desc: "The fop is failed" });
    expect(status.pipeline).toBe("p1");
    // a receiver that re-reads prefop while handling the notification already sees the outcome
    expect(codesSeenByReceiver).toEqual([3]);
  });

  it("marks the job 4 (callback failed) when notifyURL answers an error", async () => {
    const ctx = context();
    await withSource(ctx);
    const h = engine(ctx, { notifyAttempts: 2 });
    const { url, received } = await receiver(500);
    const status = await h.finished(h.engine.submit({ bucket: "media", key: "a.txt", fops: "avinfo", notifyURL: url, from: "pfop" }));
    expect(received).toHaveLength(2);
    expect(status.code).toBe(4);
    expect(status.desc).toBe("Callback failed");
    expect(ctx.logs.some((l) => l.includes("HTTP 500"))).toBe(true);
  });

  it("does not call a notifyURL the emulator may not reach, and reports 4", async () => {
    const ctx = context({ allowOutbound: () => false });
    await withSource(ctx);
    const h = engine(ctx);
    const { url, received } = await receiver();
    const status = await h.finished(h.engine.submit({ bucket: "media", key: "a.txt", fops: "avinfo", notifyURL: url, from: "pfop" }));
    expect(received).toHaveLength(0);
    expect(status.code).toBe(4);
    expect(ctx.logs.join("\n")).toContain("not an allowed destination");
  });

  it("queues per pipeline: with one worker, later jobs wait (code 1) while the first runs", async () => {
    const ctx = context();
    await withSource(ctx);
    const h = engine(ctx, { workersPerPipeline: 1 });
    const ids = [1, 2, 3].map(() => h.engine.submit({ bucket: "media", key: "a.txt", fops: "avinfo", pipeline: "one", from: "upload" }));
    expect(ids.map((id) => h.engine.status(id)!.code)).toEqual([1, 1, 1]);
    expect(h.engine.status(ids[0])!.desc).toBe("The fop is waiting for execution");
    expect(h.engine.status(ids[0])!.items[0]).toMatchObject({ code: 1, cmd: "avinfo", returnOld: 0 });
    await new Promise((r) => setImmediate(r));
    expect(ids.map((id) => h.engine.status(id)!.code)).toEqual([2, 1, 1]);
    for (const id of ids) expect((await h.finished(id)).taskFrom).toBe("upload");
  });

  it("resumes waiting and interrupted jobs after a restart, keeping items that had finished", async () => {
    const ctx = context();
    await ctx.store.putBuffer("media", "b.txt", Buffer.from("x"));
    const first = engine(ctx);
    const waiting = first.engine.submit({ bucket: "media", key: "b.txt", fops: "avinfo;imageInfo", from: "pfop" });
    const interrupted = first.engine.submit({ bucket: "media", key: "b.txt", fops: "avinfo;avinfo", from: "pfop" });
    await first.close(); // closes before either starts: both stay waiting in the database
    // as if the process died while the second job's second item was running
    ctx.db.prepare("UPDATE pfop_jobs SET code = 2 WHERE id = ?").run(interrupted);
    ctx.db.prepare("UPDATE pfop_job_items SET code = 0, key = 'done-before' WHERE job_id = ? AND idx = 0").run(interrupted);
    ctx.db.prepare("UPDATE pfop_job_items SET code = 2 WHERE job_id = ? AND idx = 1").run(interrupted);

    const restarted = ctx.reopen();
    contexts.push(restarted);
    const second = engine(restarted);
    await second.engine.idle();
    expect(second.engine.status(waiting)!.items.map((i) => i.code)).toEqual([3, 3]);
    const resumed = second.engine.status(interrupted)!;
    expect(resumed.code).toBe(3);
    expect(resumed.items.map((i) => [i.code, i.key ?? i.error])).toEqual([
      [0, "done-before"],
      [3, "execute fop cmd failed: not a valid media"],
    ]);
  });

  it("rejects a submission without fops", () => {
    const ctx = context();
    const h = engine(ctx);
    expect(() => h.engine.submit({ bucket: "media", key: "a", fops: " ; ", from: "pfop" })).toThrow(/fops/);
  });
});
