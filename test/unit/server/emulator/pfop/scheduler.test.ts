import { describe, expect, it } from "vitest";
import { PipelineScheduler, Semaphore } from "@/server/emulator/pfop/scheduler";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("PipelineScheduler", () => {
  it("runs at most N jobs per pipeline, in submission order", async () => {
    const started: string[] = [];
    const gates = new Map<string, ReturnType<typeof deferred>>();
    const s = new PipelineScheduler(2, async (id) => {
      started.push(id);
      const g = deferred();
      gates.set(id, g);
      await g.promise;
    });
    for (const id of ["a", "b", "c", "d"]) s.enqueue("p", id);
    await tick();
    await tick();
    expect(started).toEqual(["a", "b"]);
    gates.get("b")!.resolve();
    await tick();
    await tick();
    expect(started).toEqual(["a", "b", "c"]);
    gates.get("a")!.resolve();
    gates.get("c")!.resolve();
    await tick();
    await tick();
    expect(started).toEqual(["a", "b", "c", "d"]);
    gates.get("d")!.resolve();
    await s.idle();
    expect(s.size).toBe(0);
  });

  it("keeps pipelines independent: a busy pipeline does not hold up another", async () => {
    const started: string[] = [];
    const block = deferred();
    const s = new PipelineScheduler(1, async (id) => {
      started.push(id);
      if (id.startsWith("slow")) await block.promise;
    });
    s.enqueue("slow", "slow-1");
    s.enqueue("slow", "slow-2");
    s.enqueue("fast", "fast-1");
    await tick();
    await tick();
    expect(started).toEqual(["slow-1", "fast-1"]);
    block.resolve();
    await s.idle();
    expect(started).toEqual(["slow-1", "fast-1", "slow-2"]);
  });

  it("close() stops starting queued jobs and waits for running ones", async () => {
    const started: string[] = [];
    const gate = deferred();
    let finished = false;
    const s = new PipelineScheduler(1, async (id) => {
      started.push(id);
      await gate.promise;
      finished = true;
    });
    s.enqueue("p", "a");
    s.enqueue("p", "b");
    await tick();
    const closing = s.close();
    gate.resolve();
    await closing;
    expect(finished).toBe(true);
    expect(started).toEqual(["a"]);
  });

  it("a job that throws does not stop its queue", async () => {
    const ran: string[] = [];
    const s = new PipelineScheduler(1, async (id) => {
      ran.push(id);
      if (id === "bad") throw new Error("boom");
    });
    s.enqueue("p", "bad");
    s.enqueue("p", "good");
    await s.idle();
    expect(ran).toEqual(["bad", "good"]);
  });
});

describe("Semaphore", () => {
  it("lets at most `size` callers in at once", async () => {
    const sem = new Semaphore(2);
    let inside = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        sem.run(async () => {
          inside++;
          peak = Math.max(peak, inside);
          await tick();
          inside--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});

describe("Semaphore with a signal", () => {
  it("lets a waiting caller leave the queue: it never runs and the slot goes to the next one", async () => {
    const sem = new Semaphore(1);
    const gate = deferred();
    const ran: string[] = [];
    const first = sem.run(async () => {
      ran.push("first");
      await gate.promise;
    });
    const leaving = new AbortController();
    const abandoned = sem.run(async () => void ran.push("abandoned"), leaving.signal);
    const next = sem.run(async () => void ran.push("next"));
    leaving.abort(new Error("client gone"));
    await expect(abandoned).rejects.toThrow("client gone");
    gate.resolve();
    await Promise.all([first, next]);
    expect(ran).toEqual(["first", "next"]);
    await expect(sem.run(async () => "x", AbortSignal.abort())).rejects.toBeDefined();
  });
});
