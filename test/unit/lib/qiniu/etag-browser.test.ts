import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BLOCK_SIZE } from "@/lib/qiniu/etag";
import { handleEtagBlockRequest, type EtagBlockRequest, type EtagBlockResponse } from "@/lib/qiniu/etag-blocks";
import { etagOfBlob, type EtagWorkerLike } from "@/lib/qiniu/etag-browser";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import vectors from "./etag-vectors.json";

function modPattern(n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) % 251;
  return b;
}

/** An in-process stand-in for etag.worker.ts: same handler, answers asynchronously after a random delay. */
class FakeWorker implements EtagWorkerLike {
  static live = 0;
  static maxPending = 0;
  static pendingTotal = 0;
  onmessage: ((e: MessageEvent<EtagBlockResponse>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  constructor(
    private readonly delay: () => number,
    private readonly fail?: (req: EtagBlockRequest) => boolean,
  ) {
    FakeWorker.live++;
  }
  postMessage(req: EtagBlockRequest): void {
    FakeWorker.pendingTotal++;
    FakeWorker.maxPending = Math.max(FakeWorker.maxPending, FakeWorker.pendingTotal);
    setTimeout(async () => {
      const res: EtagBlockResponse = this.fail?.(req) ? { index: req.index, error: "disk on fire" } : await handleEtagBlockRequest(req);
      FakeWorker.pendingTotal--;
      if (!this.terminated) this.onmessage?.({ data: res } as MessageEvent<EtagBlockResponse>);
    }, this.delay());
  }
  terminate(): void {
    if (!this.terminated) FakeWorker.live--;
    this.terminated = true;
  }
}

describe("etagOfBlob (Web Crypto)", () => {
  it("matches the shared vectors on this thread", async () => {
    for (const v of vectors.vectors) {
      if (typeof v.size !== "number" || v.size > 5_000_000) continue;
      expect(await etagOfBlob(new Blob([modPattern(v.size)]), { workers: 0 }), `${v.size}`).toBe(v.etag);
    }
    expect(await etagOfBlob(new Blob(["hello qiniu"]), { workers: 0 })).toBe("Frs7vCeNNaliuJ9hZcYoluG0Le2R");
  });

  it("gives the right etag whatever order the workers finish in, with bounded blocks in flight", async () => {
    const data = modPattern(9437307);
    const expected = vectors.vectors.find((v) => v.size === 9437307)?.etag;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.nat(15), { minLength: 1, maxLength: 5 }),
        async (workers, inFlight, delays) => {
          FakeWorker.maxPending = 0;
          let d = 0;
          const progress: number[] = [];
          const etag = await etagOfBlob(new Blob([data]), {
            workers,
            inFlightPerWorker: inFlight,
            createWorker: () => new FakeWorker(() => delays[d++ % delays.length]),
            onProgress: (done) => progress.push(done),
          });
          expect(etag).toBe(expected);
          expect(FakeWorker.live).toBe(0);
          expect(FakeWorker.maxPending).toBeLessThanOrEqual(Math.min(workers, 3) * inFlight);
          expect(progress).toHaveLength(3);
          expect(progress.at(-1)).toBe(data.length);
          expect([...progress].sort((a, b) => a - b)).toEqual(progress);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("agrees with the Node etag for random sizes around block boundaries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 * BLOCK_SIZE + 10 }), async (n) => {
        const data = modPattern(n);
        expect(await etagOfBlob(new Blob([data]), { workers: 2, createWorker: () => new FakeWorker(() => 0) })).toBe(etagOfBuffer(data));
      }),
      { numRuns: 6 },
    );
  });

  it("rejects when a worker reports an error, and stops every worker", async () => {
    const blob = new Blob([modPattern(3 * BLOCK_SIZE)]);
    await expect(
      etagOfBlob(blob, {
        workers: 2,
        createWorker: () =>
          new FakeWorker(
            () => 1,
            (r) => r.index === 1,
          ),
      }),
    ).rejects.toThrow(/block 1: disk on fire/);
    expect(FakeWorker.live).toBe(0);
  });

  it("rejects when aborted", async () => {
    const ac = new AbortController();
    const blob = new Blob([modPattern(3 * BLOCK_SIZE)]);
    const p = etagOfBlob(blob, { workers: 2, signal: ac.signal, createWorker: () => new FakeWorker(() => 50) });
    ac.abort(new Error("cancelled by user"));
    await expect(p).rejects.toThrow("cancelled by user");
    expect(FakeWorker.live).toBe(0);
  });
});
