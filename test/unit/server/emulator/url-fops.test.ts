// The cache behind URL-triggered fops (server/emulator/url-fops.ts) with the real pfop engine and sharp: query
// parsing, one run for concurrent requests, least-recently-used eviction, and recovery from files lost or left over.
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { PfopEngine } from "@/server/emulator/pfop";
import { fopOfQuery, parseUrlFop, UrlFops } from "@/server/emulator/url-fops";
import { createTestContext, startEngine, type Harness } from "./pfop/fixture";

let inputs: string;
let photo: string;
let h: Harness;
let runs: number;
let counted: Pick<PfopEngine, "runNow">;

beforeAll(async () => {
  inputs = mkdtempSync(path.join(tmpdir(), "url-fops-unit-"));
  photo = path.join(inputs, "p.png");
  await sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 250, g: 10, b: 10 } } })
    .png()
    .toFile(photo);
});
afterAll(() => rmSync(inputs, { recursive: true, force: true }));

beforeEach(() => {
  h = startEngine(createTestContext());
  runs = 0;
  counted = {
    runNow: (...args) => {
      runs++;
      return h.engine.runNow(...args);
    },
  };
});
afterEach(async () => {
  await h.close();
  h.ctx.cleanup();
});

function cache(maxBytes = 1 << 30): UrlFops {
  return new UrlFops(h.ctx.db, h.ctx.dataDir, {
    engine: counted,
    maxBytes,
    tempPath: () => h.ctx.store.tempPath(),
    now: Date.now,
    log: (m) => h.ctx.logs.push(m),
  });
}

const run = (c: UrlFops, cmd: string, hash = "FsourceHash") => c.output(hash, photo, cmd, parseUrlFop(cmd));

describe("fopOfQuery", () => {
  it("takes the first query part when it is not a name=value parameter", () => {
    expect(fopOfQuery("imageView2/2/w/100")).toBe("imageView2/2/w/100");
    expect(fopOfQuery("imageView2/2/w/100&e=1700000000&token=ak:sig")).toBe("imageView2/2/w/100");
    expect(fopOfQuery("imageView2%2F2%2Fw%2F100%7CimageInfo")).toBe("imageView2/2/w/100|imageInfo");
    expect(fopOfQuery("imageInfo&attname=x.json")).toBe("imageInfo");
  });

  it("leaves plain downloads alone: no query, parameters, a bare attname", () => {
    for (const q of ["", "e=1&token=a:b", "v=2", "attname", "attname=a.png", "sign=abc&t=65"]) expect(fopOfQuery(q), q).toBeUndefined();
  });

  it("refuses broken percent-encoding and malformed fops with 400", () => {
    expect(() => fopOfQuery("imageView2%E4")).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => parseUrlFop("imageView2/8")).toThrow(expect.objectContaining({ status: 400, message: expect.stringMatching(/^invalid fop: /) }));
    expect(() => parseUrlFop("imageView2/2/w/10|saveas/b3V0OnguanBn")).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe("output cache", () => {
  it("runs concurrent requests for the same output once and serves later ones from disk", async () => {
    const c = cache();
    const [a, b, d] = await Promise.all([run(c, "imageView2/2/w/100"), run(c, "imageView2/2/w/100"), run(c, "imageView2/2/w/100")]);
    expect(runs).toBe(1);
    expect(a).toEqual(b);
    expect(a).toEqual(d);
    expect(a).toMatchObject({ mimeType: "image/png", size: statSync(a.path).size });
    expect(await sharp(a.path).metadata()).toMatchObject({ width: 100, height: 75 });
    await run(c, "imageView2/2/w/100");
    expect(runs).toBe(1);
    // another source hash or another command is another output
    await run(c, "imageView2/2/w/100", "FotherHash");
    await run(c, "imageInfo");
    expect(runs).toBe(3);
  });

  it("evicts the least recently used outputs beyond the limit, never the one just made", async () => {
    const probe = cache();
    const first = await run(probe, "imageView2/2/w/120");
    const limit = Math.ceil(first.size * 1.5);
    const c = cache(limit);
    const second = await run(c, "imageView2/2/w/121");
    expect(existsSync(first.path)).toBe(false);
    expect(existsSync(second.path)).toBe(true);
    // an output larger than the limit is still served
    const big = await run(cache(1), "imageView2/2/w/300");
    expect(existsSync(big.path)).toBe(true);
    expect(existsSync(second.path)).toBe(false);
  });

  it("makes an output again when its file was lost, and sweeps files without a row at start-up", async () => {
    const c = cache();
    const out = await run(c, "imageView2/2/w/90");
    unlinkSync(out.path);
    const again = await run(c, "imageView2/2/w/90");
    expect(runs).toBe(2);
    expect(existsSync(again.path)).toBe(true);

    const strayDir = path.join(h.ctx.dataDir, "fop-cache", "zz");
    mkdirSync(strayDir, { recursive: true });
    writeFileSync(path.join(strayDir, "zz-left-by-a-crash"), "x");
    const restarted = cache();
    expect(existsSync(path.join(strayDir, "zz-left-by-a-crash"))).toBe(false);
    await run(restarted, "imageView2/2/w/90");
    expect(runs).toBe(2);
  });

  it("answers 400 with the engine's message when the source is not what the fop reads", async () => {
    const text = path.join(inputs, "notes.txt");
    writeFileSync(text, "plain text");
    const c = cache();
    await expect(c.output("Ftext", text, "imageView2/2/w/10", parseUrlFop("imageView2/2/w/10"))).rejects.toMatchObject({
      status: 400,
      message: "not a valid image",
    });
  });
});
