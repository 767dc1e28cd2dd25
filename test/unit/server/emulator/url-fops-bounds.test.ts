// The bounds of URL-triggered fops (server/emulator/url-fops.ts) with the real pfop engine and sharp behind a gate
// that holds a run until the test lets it go: a capped number of runs at once, a shared run that lives while any
// client waits for it, and cancellation once the last one has left.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PfopEngine } from "@/server/emulator/pfop";
import { parseUrlFop, UrlFops } from "@/server/emulator/url-fops";
import { createTestContext, startEngine, type Harness } from "./pfop/fixture";

let inputs: string;
let photo: string;
let h: Harness;
let gate: { open: () => void; opened: Promise<void> };
let seenSignals: (AbortSignal | undefined)[];

beforeAll(async () => {
  inputs = mkdtempSync(path.join(tmpdir(), "url-fops-bounds-"));
  photo = path.join(inputs, "p.png");
  await sharp({ create: { width: 200, height: 100, channels: 3, background: "#0a0" } })
    .png()
    .toFile(photo);
});
afterAll(() => rmSync(inputs, { recursive: true, force: true }));

beforeEach(() => {
  h = startEngine(createTestContext());
  let open!: () => void;
  gate = { opened: new Promise<void>((r) => (open = r)), open };
  seenSignals = [];
});
afterEach(async () => {
  gate.open();
  await h.close();
  h.ctx.cleanup();
});

function bounded(maxPending: number): UrlFops {
  const engine: Pick<PfopEngine, "runNow"> = {
    runNow: async (steps, source, tempPath, opts) => {
      seenSignals.push(opts?.signal);
      await gate.opened;
      return h.engine.runNow(steps, source, tempPath, opts);
    },
  };
  return new UrlFops(h.ctx.db, h.ctx.dataDir, { engine, maxBytes: 1 << 30, tempPath: () => h.ctx.store.tempPath(), now: Date.now, log: () => {}, maxPending });
}

const run = (c: UrlFops, cmd: string, signal?: AbortSignal) => c.output("Fhash", photo, cmd, parseUrlFop(cmd), signal);

describe("URL fop bounds", () => {
  it("refuses runs beyond the cap with 503, and takes new ones once a slot is free", async () => {
    const c = bounded(1);
    const first = run(c, "imageView2/2/w/50");
    await expect(run(c, "imageView2/2/w/60")).rejects.toMatchObject({ status: 503 });
    // the same output joins the run in progress instead of counting again
    const joined = run(c, "imageView2/2/w/50");
    gate.open();
    expect(await joined).toEqual(await first);
    expect(c.stats().active).toBe(0);
    await expect(run(c, "imageView2/2/w/60")).resolves.toMatchObject({ mimeType: "image/png" });
  });

  it("keeps a shared run while one client waits, and cancels it when the last one leaves", async () => {
    const c = bounded(4);
    const [a, b] = [new AbortController(), new AbortController()];
    const left = run(c, "imageView2/2/w/40", a.signal);
    const stays = run(c, "imageView2/2/w/40", b.signal);
    a.abort(new Error("client a left"));
    await expect(left).rejects.toThrow("client a left");
    expect(seenSignals[0]?.aborted).toBe(false);
    gate.open();
    expect(await sharp((await stays).path).metadata()).toMatchObject({ width: 40 });

    const c2 = bounded(4);
    const only = new AbortController();
    const abandoned = run(c2, "imageView2/2/w/30", only.signal);
    only.abort(new Error("gone"));
    await expect(abandoned).rejects.toThrow("gone");
    expect(seenSignals.at(-1)?.aborted).toBe(true);
    await expect.poll(() => c2.stats()).toEqual({ active: 0, cancelled: 1, timedOut: 0 });
  });
});
