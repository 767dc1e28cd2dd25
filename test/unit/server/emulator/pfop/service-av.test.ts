import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodedEntry } from "@/lib/qiniu/entry";
import { probe } from "@/server/emulator/pfop/av";
import { createTestContext, startEngine, type Harness } from "./fixture";
import { testVideo } from "./media";

let inputs: string;
let h: Harness;

beforeAll(async () => {
  inputs = mkdtempSync(path.join(tmpdir(), "pfop-av-"));
  await testVideo(path.join(inputs, "clip.mp4"));
});
afterAll(() => rmSync(inputs, { recursive: true, force: true }));

beforeEach(async () => {
  h = startEngine(createTestContext());
  await h.ctx.store.putLocal("media", "clip.mp4", path.join(inputs, "clip.mp4"), "video/mp4");
});
afterEach(async () => {
  await h.close();
  h.ctx.cleanup();
});

const submit = (fops: string) => h.engine.submit({ bucket: "media", key: "clip.mp4", fops, from: "pfop" });
const saveas = (key: string) => `saveas/${encodedEntry("out", key)}`;

function stored(key: string) {
  const info = h.ctx.store.stat("out", key);
  if (!info) throw new Error(`missing output ${key}`);
  return { info, file: h.ctx.store.contentPath(info) };
}

describe("audio/video fops", () => {
  it("vframe grabs a frame at an offset, scaled, as jpg and png", async () => {
    const status = await h.finished(submit(`vframe/jpg/offset/0.5/w/80|${saveas("f.jpg")};vframe/png/offset/0/w/40/h/40|${saveas("f.png")}`));
    expect(status.code).toBe(0);
    const jpg = stored("f.jpg");
    expect(jpg.info.mimeType).toBe("image/jpeg");
    expect(await sharp(jpg.file).metadata()).toMatchObject({ format: "jpeg", width: 80, height: 60 });
    expect(await sharp(stored("f.png").file).metadata()).toMatchObject({ format: "png", width: 40, height: 40 });
  });

  it("vframe past the end fails with the video's length", async () => {
    const status = await h.finished(submit("vframe/jpg/offset/5"));
    expect(status.items[0].code).toBe(3);
    expect(status.items[0].error).toMatch(/^execute fop cmd failed: offset 5s is beyond the end of the video \(1\.\d\ds\)$/);
  });

  it("avthumb transcodes to mp4 (H.264/AAC) and webm (VP8/Vorbis) at the requested size", async () => {
    const status = await h.finished(submit(`avthumb/mp4/s/80x60/vb/200k/ab/64k|${saveas("c.mp4")};avthumb/webm/s/80x60/autoscale/1|${saveas("c.webm")}`));
    expect(status.items.map((i) => [i.code, i.error])).toEqual([
      [0, undefined],
      [0, undefined],
    ]);
    const mp4 = stored("c.mp4");
    expect(mp4.info.mimeType).toBe("video/mp4");
    const mp4Info = await probe(mp4.file, { timeoutMs: 30_000 });
    expect(mp4Info.streams.map((s) => [s.codec_type, s.codec_name])).toEqual([
      ["video", "h264"],
      ["audio", "aac"],
    ]);
    expect(mp4Info.streams[0]).toMatchObject({ width: 80, height: 60 });
    const webm = await probe(stored("c.webm").file, { timeoutMs: 30_000 });
    expect(webm.format.format_name).toContain("webm");
    expect(webm.streams.map((s) => s.codec_name)).toEqual(["vp8", "vorbis"]);
    expect(webm.streams[0]).toMatchObject({ width: 80, height: 60 });
  });

  it("avthumb to mp3 keeps only the audio", async () => {
    const status = await h.finished(submit(`avthumb/mp3/ab/64k|${saveas("c.mp3")}`));
    expect(status.items[0].code).toBe(0);
    const info = await probe(stored("c.mp3").file, { timeoutMs: 30_000 });
    expect(info.streams.map((s) => [s.codec_type, s.codec_name])).toEqual([["audio", "mp3"]]);
  });

  it("avinfo reports streams and format as the item's result", async () => {
    const status = await h.finished(submit("avinfo"));
    const result = status.items[0].result as { streams: { codec_type: string; width?: number }[]; format: { duration: string; size: string } };
    expect(status.items[0].code).toBe(0);
    expect(result.streams.map((s) => s.codec_type)).toEqual(["video", "audio"]);
    expect(result.streams[0].width).toBe(160);
    expect(Number(result.format.duration)).toBeCloseTo(1, 0);
    expect(result.format.size).toBe(String(h.ctx.store.stat("media", "clip.mp4")!.fsize));
  });

  it("chains a frame grab into an image fop", async () => {
    const status = await h.finished(submit(`vframe/png/offset/0|imageMogr2/thumbnail/32x|${saveas("chain.webp")}`.replace("|saveas", "/format/webp|saveas")));
    expect(status.items[0]).toMatchObject({ code: 0, key: "chain.webp" });
    expect(await sharp(stored("chain.webp").file).metadata()).toMatchObject({ format: "webp", width: 32, height: 24 });
  });

  it("reports a source that is not media", async () => {
    await h.ctx.store.putBuffer("media", "notes.txt", Buffer.from("plain text, not a video"));
    const id = h.engine.submit({ bucket: "media", key: "notes.txt", fops: "avinfo;avthumb/mp4", from: "pfop" });
    const status = await h.finished(id);
    expect(status.items.map((i) => i.error)).toEqual(["execute fop cmd failed: not a valid media", "execute fop cmd failed: not a valid media"]);
  });
});
