// One FIFO queue per pipeline name, each with a bounded number of workers, plus a process-wide limit on how many
// CPU-heavy steps (sharp, ffmpeg) run at once: the emulator shares two cores with everything else.

/** Counting semaphore: at most `size` callers inside `run` at once, served in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  /** A caller whose `signal` aborts while it waits leaves the queue without running. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    signal?.throwIfAborted();
    if (this.active >= this.size) await this.wait(signal);
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }

  private wait(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const turn = () => {
        signal?.removeEventListener("abort", leave);
        resolve();
      };
      const leave = () => {
        const i = this.waiting.indexOf(turn);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason);
      };
      this.waiting.push(turn);
      signal?.addEventListener("abort", leave, { once: true });
    });
  }
}

interface Pipeline {
  queue: string[];
  running: number;
}

export class PipelineScheduler {
  private readonly pipelines = new Map<string, Pipeline>();
  private readonly inFlight = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly workersPerPipeline: number,
    private readonly runJob: (id: string) => Promise<void>,
  ) {}

  enqueue(pipeline: string, id: string): void {
    if (this.closed) return;
    let p = this.pipelines.get(pipeline);
    if (!p) {
      p = { queue: [], running: 0 };
      this.pipelines.set(pipeline, p);
    }
    p.queue.push(id);
    this.pump(pipeline, p);
  }

  private pump(name: string, p: Pipeline): void {
    while (!this.closed && p.running < this.workersPerPipeline && p.queue.length > 0) {
      const id = p.queue.shift()!;
      p.running++;
      // Start on a later turn: submit() answers first, and a job is observably "waiting" before it runs.
      const done: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => (this.closed ? undefined : this.runJob(id)))
        .catch(() => undefined) // runJob records its own failures; a throw here must not stop the queue
        .finally(() => {
          p.running--;
          this.inFlight.delete(done);
          if (p.queue.length === 0 && p.running === 0) this.pipelines.delete(name);
          this.pump(name, p);
          this.notifyIdle();
        });
      this.inFlight.add(done);
    }
  }

  /** Number of jobs queued (not yet started) plus running, across pipelines. */
  get size(): number {
    let n = 0;
    for (const p of this.pipelines.values()) n += p.queue.length + p.running;
    return n;
  }

  /** Resolves once every queue is empty and no job runs. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    if (this.size !== 0 && !this.closed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  /** Stops starting jobs (queued ones stay waiting in the database) and waits for the running ones to settle. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.pipelines.values()) p.queue.length = 0;
    await Promise.all([...this.inFlight]);
    this.notifyIdle();
  }
}
