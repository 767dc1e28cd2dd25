import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodedEntry } from "@/lib/qiniu/entry";
import { defaultOutputKey } from "@/server/emulator/pfop/runner";
import { colourAt, GREEN, near, quadrantImage, RED, YELLOW } from "./media";
import { createTestContext, startEngine, type Harness } from "./fixture";

let inputs: string;
let h: Harness;

beforeAll(async () => {
  inputs = mkdtempSync(path.join(tmpdir(), "pfop-img-"));
  await quadrantImage(path.join(inputs, "q.png"), 400, 200);
  await quadrantImage(path.join(inputs, "q.jpg"), 400, 200, "jpeg");
});
afterAll(() => rmSync(inputs, { recursive: true, force: true }));

beforeEach(async () => {
  h = startEngine(createTestContext());
  await h.ctx.store.putLocal("media", "photos/q.png", path.join(inputs, "q.png"), "image/png");
  await h.ctx.store.putLocal("media", "photos/q.jpg", path.join(inputs, "q.jpg"), "image/jpeg");
});
afterEach(async () => {
  await h.close();
  h.ctx.cleanup();
});

function submit(fops: string, extra: { key?: string; force?: boolean } = {}) {
  return h.engine.submit({ bucket: "media", key: extra.key ?? "photos/q.png", fops, force: extra.force, from: "pfop" });
}

function output(bucket: string, key: string) {
  const info = h.ctx.store.stat(bucket, key);
  if (!info) throw new Error(`missing output ${bucket}:${key}`);
  return { info, file: h.ctx.store.contentPath(info) };
}

describe("image fops", () => {
  it("imageView2 with saveas stores a real thumbnail and reports it like prefop", async () => {
    const cmd = `imageView2/2/w/100/format/webp/q/80|saveas/${encodedEntry("out", "thumbs/q.webp")}`;
    const id = submit(cmd);
    expect(id).toMatch(/^z0\.[0-9a-f]{24}$/);
    const status = await h.finished(id);
    const { info, file } = output("out", "thumbs/q.webp");
    expect(status).toMatchObject({
      id,
      code: 0,
      desc: "The fop was completed successfully",
      inputBucket: "media",
      inputKey: "photos/q.png",
      pipeline: "0.default",
      taskFrom: "pfop",
      items: [{ cmd, code: 0, desc: "The fop was completed successfully", key: "thumbs/q.webp", hash: info.hash, returnOld: 0 }],
    });
    expect(info.mimeType).toBe("image/webp");
    const meta = await sharp(file).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 100, 50]);
  });

  it("without saveas names the output b64u(sha1(cmd))/<source hash> in the source bucket, keeping the format", async () => {
    const cmd = "imageView2/1/w/50/h/50";
    const status = await h.finished(submit(cmd));
    const key = defaultOutputKey(cmd, h.ctx.store.stat("media", "photos/q.png")!.hash);
    expect(status.items[0]).toMatchObject({ code: 0, key });
    const meta = await sharp(output("media", key).file).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 50, 50]);
  });

  it("imageMogr2 crops by gravity and rotates in the order given", async () => {
    const crop = `imageMogr2/gravity/SouthEast/crop/100x50|saveas/${encodedEntry("out", "se.png")}`;
    const rotate = `imageMogr2/thumbnail/!50p/rotate/90/format/jpg|saveas/${encodedEntry("out", "rot.jpg")}`;
    const status = await h.finished(submit(`${crop};${rotate}`));
    expect(status.items.map((i) => i.code)).toEqual([0, 0]);
    const se = output("out", "se.png").file;
    expect(await sharp(se).metadata()).toMatchObject({ width: 100, height: 50 });
    expect(near(await colourAt(se, 40, 20), YELLOW)).toBe(true);
    // 400×200 → 200×100 → rotated clockwise: 100×200, the red top-left quadrant is now top-right
    const rot = output("out", "rot.jpg");
    expect(rot.info.mimeType).toBe("image/jpeg");
    expect(await sharp(rot.file).metadata()).toMatchObject({ format: "jpeg", width: 100, height: 200 });
    expect(near(await colourAt(rot.file, 80, 20), RED)).toBe(true);
    expect(near(await colourAt(rot.file, 80, 150), GREEN)).toBe(true);
  });

  it("imageInfo returns the metadata as the item's result and stores the same JSON", async () => {
    const status = await h.finished(submit(`imageInfo|saveas/${encodedEntry("out", "q.json")}`, { key: "photos/q.jpg" }));
    const expected = { size: h.ctx.store.stat("media", "photos/q.jpg")!.fsize, format: "jpeg", width: 400, height: 200, colorModel: "ycbcr" };
    expect(status.items[0]).toMatchObject({ code: 0, key: "q.json", result: expected });
    const stored = output("out", "q.json");
    expect(stored.info.mimeType).toBe("application/json");
    expect(JSON.parse(readFileSync(stored.file, "utf8"))).toEqual(expected);
  });

  it("fails only the bad items, with a reason, and the job still ends as failed", async () => {
    const status = await h.finished(submit("watermark/1/image/x;imageView2/2/w/abc;imageView2/2/w/10"));
    expect(status.code).toBe(3);
    expect(status.desc).toBe("The fop is failed");
    expect(status.items.map((i) => i.code)).toEqual([3, 3, 0]);
    expect(status.items[0].error).toMatch(/^invalid fop: unknown fop "watermark"/);
    expect(status.items[1].error).toContain('"w" must be an integer');
    expect(status.items[0].key).toBeUndefined();
  });

  it("reports a source that is not an image", async () => {
    await h.ctx.store.putBuffer("media", "notes.txt", Buffer.from("hello"));
    const status = await h.finished(submit("imageView2/2/w/10", { key: "notes.txt" }));
    expect(status.items[0]).toMatchObject({ code: 3, error: "execute fop cmd failed: not a valid image" });
  });

  it("without force keeps an existing saveas target (returnOld 1); with force overwrites it", async () => {
    const before = await h.ctx.store.putBuffer("out", "t.png", Buffer.from("previous"));
    const cmd = `imageView2/2/w/20|saveas/${encodedEntry("out", "t.png")}`;
    const kept = await h.finished(submit(cmd));
    expect(kept.items[0]).toMatchObject({ code: 0, returnOld: 1, key: "t.png", hash: before.hash });
    expect(readFileSync(output("out", "t.png").file, "utf8")).toBe("previous");

    const forced = await h.finished(submit(cmd, { force: true }));
    const after = output("out", "t.png");
    expect(forced.items[0]).toMatchObject({ code: 0, returnOld: 0, hash: after.info.hash });
    expect(after.info.hash).not.toBe(before.hash);
    expect((await sharp(after.file).metadata()).width).toBe(20);
  });

  it("fails an item whose saveas bucket does not exist", async () => {
    const status = await h.finished(submit(`imageView2/2/w/20|saveas/${encodedEntry("nobucket", "x.png")}`));
    expect(status.items[0]).toMatchObject({ code: 3, error: 'saveas: no such bucket "nobucket"' });
  });
});
