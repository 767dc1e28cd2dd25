import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseFop, parseFopCommand, splitFops, validateFops, type Fop } from "@/lib/processing/fop-syntax";
import { encodedEntry } from "@/lib/qiniu/entry";

function ok(text: string): Fop {
  const r = parseFop(text);
  if (!r.ok) throw new Error(`expected ${text} to parse: ${r.error.message}`);
  return r.value;
}

function err(text: string) {
  const r = parseFop(text);
  if (r.ok) throw new Error(`expected ${text} to fail`);
  return r.error;
}

describe("parseFop", () => {
  it("reads imageView2 mode and parameters", () => {
    expect(ok("imageView2/1/w/200/h/100/format/webp/q/75")).toEqual({ name: "imageView2", mode: 1, w: 200, h: 100, format: "webp", q: 75 });
    expect(ok("imageView2/2/w/64")).toEqual({ name: "imageView2", mode: 2, w: 64 });
    expect(ok("imageView2/0/format/jpeg")).toMatchObject({ format: "jpg" });
  });

  it("rejects imageView2 with a bad mode, value or parameter, naming the culprit", () => {
    expect(err("imageView2/6/w/10")).toMatchObject({ code: "badArg", param: "mode", value: "6" });
    expect(err("imageView2/2/w/abc")).toMatchObject({ code: "badArg", param: "w", value: "abc", expected: "1-9999" });
    expect(err("imageView2/2/w/0")).toMatchObject({ code: "badArg", param: "w" });
    expect(err("imageView2/2/q/101")).toMatchObject({ code: "badArg", param: "q" });
    expect(err("imageView2/2/size/10")).toMatchObject({ code: "unknownParam", param: "size" });
    expect(err("imageView2/2/w/10/w/20")).toMatchObject({ code: "duplicateParam", param: "w" });
    expect(err("imageView2/2/w")).toMatchObject({ code: "badArg", param: "w" });
    expect(err("imageView2/2")).toMatchObject({ code: "missingArg" });
    expect(err("imageView2")).toMatchObject({ code: "missingArg", param: "mode" });
    expect(err("imageView2/2/format/bmp")).toMatchObject({ code: "badArg", param: "format", value: "bmp" });
  });

  it("keeps imageMogr2 operations in the order given, with gravity applying to later crops", () => {
    expect(ok("imageMogr2/auto-orient/thumbnail/!50p/gravity/SouthEast/crop/!100x80a5-3/format/png/quality/80!")).toEqual({
      name: "imageMogr2",
      ops: [
        { op: "auto-orient" },
        { op: "thumbnail", spec: { kind: "percent", percent: 50, axis: "both" } },
        { op: "crop", spec: { w: 100, h: 80, dx: 5, dy: -3, gravity: "SouthEast" } },
      ],
      format: "png",
      quality: 80,
    });
    const fop = ok("imageMogr2/thumbnail/300x/gravity/Center/crop/200x200/rotate/45/format/webp/quality/70");
    expect(fop).toEqual({
      name: "imageMogr2",
      ops: [
        { op: "thumbnail", spec: { kind: "width", w: 300 } },
        { op: "crop", spec: { w: 200, h: 200, dx: 0, dy: 0, gravity: "Center" } },
        { op: "rotate", degrees: 45 },
      ],
      format: "webp",
      quality: 70,
    });
  });

  it("understands every imageMogr2 thumbnail form", () => {
    const spec = (s: string) => (ok(`imageMogr2/thumbnail/${s}`) as Extract<Fop, { name: "imageMogr2" }>).ops[0];
    expect(spec("!50p")).toEqual({ op: "thumbnail", spec: { kind: "percent", percent: 50, axis: "both" } });
    expect(spec("!25px")).toEqual({ op: "thumbnail", spec: { kind: "percent", percent: 25, axis: "x" } });
    expect(spec("x120")).toEqual({ op: "thumbnail", spec: { kind: "height", h: 120 } });
    expect(spec("200x100")).toEqual({ op: "thumbnail", spec: { kind: "fit", w: 200, h: 100 } });
    expect(spec("200x100>")).toEqual({ op: "thumbnail", spec: { kind: "fit", w: 200, h: 100, only: "shrink" } });
    expect(spec("200x100<")).toEqual({ op: "thumbnail", spec: { kind: "fit", w: 200, h: 100, only: "enlarge" } });
    expect(spec("!200x100r")).toEqual({ op: "thumbnail", spec: { kind: "fill", w: 200, h: 100 } });
    expect(spec("200x100!")).toEqual({ op: "thumbnail", spec: { kind: "exact", w: 200, h: 100 } });
    expect(spec("40000@")).toEqual({ op: "thumbnail", spec: { kind: "area", area: 40000 } });
    expect(err("imageMogr2/thumbnail/big")).toMatchObject({ code: "badArg", param: "thumbnail", value: "big" });
    expect(err("imageMogr2/crop/x")).toMatchObject({ code: "badArg", param: "crop" });
    expect(err("imageMogr2/gravity/Middle/crop/10x10")).toMatchObject({ code: "badArg", param: "gravity" });
    expect(err("imageMogr2/blur/3x5")).toMatchObject({ code: "unknownParam", param: "blur" });
    expect(err("imageMogr2")).toMatchObject({ code: "missingArg" });
  });

  it("reads vframe and avthumb with Qiniu's units", () => {
    expect(ok("vframe/jpg/offset/1.5/w/320/h/240/rotate/90")).toEqual({ name: "vframe", format: "jpg", offset: 1.5, w: 320, h: 240, rotate: 90 });
    expect(err("vframe/jpg/w/320")).toMatchObject({ code: "missingArg", param: "offset" });
    expect(err("vframe/gif/offset/1")).toMatchObject({ code: "badArg", param: "format" });
    expect(ok("avthumb/mp4/s/1280x720/autoscale/1/vb/1.25m/ab/128k/r/30/ar/44100")).toEqual({
      name: "avthumb",
      format: "mp4",
      size: { w: 1280, h: 720 },
      autoscale: true,
      videoBitrate: 1_250_000,
      audioBitrate: 128_000,
      frameRate: 30,
      sampleRate: 44100,
    });
    expect(ok("avthumb/mp3/ab/64000")).toEqual({ name: "avthumb", format: "mp3", audioBitrate: 64000, noVideo: true });
    expect(ok("avthumb/webm/vcodec/libvpx-vp9/acodec/libopus")).toMatchObject({ videoCodec: "libvpx-vp9", audioCodec: "libopus" });
    expect(err("avthumb/mp4/vcodec/libvpx")).toMatchObject({ code: "badArg", param: "vcodec", expected: "libx264" });
    expect(err("avthumb/mp4/vb/fast")).toMatchObject({ code: "badArg", param: "vb", value: "fast" });
    expect(err("avthumb/mp4/s/1280")).toMatchObject({ code: "badArg", param: "s" });
    expect(err("avthumb/mp3/an/1")).toMatchObject({ code: "badArg", param: "an" });
    expect(err("avthumb/avi")).toMatchObject({ code: "badArg", param: "format", value: "avi" });
  });

  it("names unknown fops and refuses arguments to info fops", () => {
    expect(err("watermark/1/image/abc")).toMatchObject({ code: "unknownFop", fop: "watermark" });
    expect(err("avinfo/extra")).toMatchObject({ code: "unknownParam", fop: "avinfo" });
    expect(ok("imageInfo")).toEqual({ name: "imageInfo" });
  });
});

describe("parseFopCommand", () => {
  it("decodes saveas into bucket and key (split at the first colon)", () => {
    const entry = encodedEntry("out", "thumbs/a:b.jpg");
    const r = parseFopCommand(`imageView2/2/w/100|saveas/${entry}`);
    expect(r).toEqual({
      ok: true,
      value: {
        cmd: `imageView2/2/w/100|saveas/${entry}`,
        steps: [{ name: "imageView2", mode: 2, w: 100 }],
        saveas: { entry, bucket: "out", key: "thumbs/a:b.jpg" },
      },
    });
  });

  it("accepts a bucket-only saveas and ignores a trailing /sign/ of URL-triggered fops", () => {
    const r = parseFopCommand(`avinfo|saveas/${encodedEntry("out")}/sign/ak:sig`);
    expect(r.ok && r.value.saveas).toEqual({ entry: encodedEntry("out"), bucket: "out" });
  });

  it("chains steps when each accepts the previous output, and refuses other chains", () => {
    const r = parseFopCommand("vframe/png/offset/0|imageMogr2/thumbnail/50x|imageInfo");
    expect(r.ok && r.value.steps.map((s) => s.name)).toEqual(["vframe", "imageMogr2", "imageInfo"]);
    expect(parseFopCommand("avinfo|imageView2/2/w/10")).toMatchObject({ ok: false, error: { code: "badChain" } });
    expect(parseFopCommand("avthumb/mp4|imageView2/2/w/10")).toMatchObject({ ok: false, error: { code: "badChain" } });
    expect(parseFopCommand(`saveas/${encodedEntry("out", "x")}|avinfo`)).toMatchObject({ ok: false, error: { code: "badChain" } });
    expect(parseFopCommand("avinfo||avinfo")).toMatchObject({ ok: false, error: { code: "empty" } });
  });

  it("refuses a saveas that is not an encoded entry", () => {
    expect(parseFopCommand("avinfo|saveas/!!!")).toMatchObject({ ok: false, error: { code: "badSaveas" } });
    expect(parseFopCommand("avinfo|saveas/")).toMatchObject({ ok: false, error: { code: "badSaveas" } });
    expect(parseFopCommand(`avinfo|saveas/${encodedEntry("bad bucket", "k")}`)).toMatchObject({ ok: false, error: { code: "badSaveas" } });
  });
});

describe("validateFops / splitFops", () => {
  it("splits at semicolons and drops empty parts", () => {
    expect(splitFops(" avinfo ; ;imageInfo;")).toEqual(["avinfo", "imageInfo"]);
  });

  it("reports the first bad command with its text", () => {
    const r = validateFops("avinfo;imageView2/9");
    expect(r).toMatchObject({ ok: false, error: { code: "badArg", param: "mode" } });
    expect(!r.ok && r.error.message).toContain("imageView2/9");
    expect(validateFops(" ; ")).toMatchObject({ ok: false, error: { code: "empty" } });
    expect(validateFops(Array(21).fill("avinfo").join(";"))).toMatchObject({ ok: false, error: { code: "tooMany" } });
  });

  it("parses any well-formed imageView2 back to the numbers written", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 100 }),
        (mode, w, h, q) => {
          expect(ok(`imageView2/${mode}/w/${w}/h/${h}/q/${q}`)).toEqual({ name: "imageView2", mode, w, h, q });
        },
      ),
    );
  });

  it("never throws on arbitrary text: it parses or explains", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const r = validateFops(text);
        if (!r.ok) expect(r.error.message.length).toBeGreaterThan(0);
      }),
    );
  });
});
