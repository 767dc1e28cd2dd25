// URL-triggered data processing on downloads (`GET /<key>?imageView2/...`), against the real emulator process:
// real thumbnails (decoded with sharp), formats and Content-Type, imageInfo/avinfo JSON, vframe, private buckets with
// the fop inside the signed URL, Qiniu-style 400s for malformed fops, the on-disk cache and the CDN traffic record.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { privateDownloadUrl, signQBox } from "@/lib/qiniu/auth";
import { ffmpegPath } from "@/server/emulator/pfop/ffmpeg";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, download, sdkFor, type Sdk } from "./sdk";

const PUB = "fop-public";
const PRIV = "fop-private";
let emu: RunningEmulator;
let sdk: Sdk;
let inputs: string;
const domains: Record<string, string> = {};

const creds = () => ({ accessKey: emu.accessKey, secretKey: emu.secretKey });

async function put(bucket: string, key: string, data: Buffer, mimeType: string) {
  const token = sdk.uploadToken({ scope: `${bucket}:${key}` });
  const r = await call(sdk.formUploader.put(token, key, data, Object.assign(new sdk.qiniu.form_up.PutExtra(), { mimeType })));
  expect(r.status).toBe(200);
}

/** A PNG whose left half is red and right half blue (or the other way round), so crops and scales show in the pixels. */
function photo(width = 640, height = 480, swapped = false): Promise<Buffer> {
  const half = (rgb: [number, number, number]) =>
    sharp({ create: { width: width / 2, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
      .png()
      .toBuffer();
  const [red, blue] = [half([220, 40, 40]), half([40, 40, 220])];
  return Promise.all(swapped ? [blue, red] : [red, blue]).then(([left, right]) =>
    sharp({ create: { width, height, channels: 3, background: "#000" } })
      .composite([
        { input: left, left: 0, top: 0 },
        { input: right, left: width / 2, top: 0 },
      ])
      .removeAlpha()
      .png()
      .toBuffer(),
  );
}

/** Red and blue at the left and right edge of row y of a decoded image. */
async function edges(image: Buffer, y: number): Promise<{ left: number[]; right: number[] }> {
  const { data, info } = await sharp(image).raw().toBuffer({ resolveWithObject: true });
  const px = (x: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
  return { left: px(5), right: px(info.width - 5) };
}

const isRed = (rgb: number[]) => rgb[0] > 180 && rgb[2] < 90;
const isBlue = (rgb: number[]) => rgb[2] > 180 && rgb[0] < 90;

function cacheEntries(): string[] {
  const dir = path.join(emu.dataDir, "fop-cache");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((sub) => readdirSync(path.join(dir, sub)).map((name) => path.join(dir, sub, name)));
}

beforeAll(async () => {
  inputs = mkdtempSync(path.join(tmpdir(), "url-fops-"));
  emu = await startEmulator();
  sdk = sdkFor(emu);
  for (const b of [PUB, PRIV]) expect((await call(sdk.bucketManager.createBucket(b, { regionId: "z0" }))).status).toBe(200);
  const body = `bucket=${PRIV}&private=1`;
  const contentType = "application/x-www-form-urlencoded";
  const r = await fetch(`${emu.endpoints.uc}/private`, {
    method: "POST",
    headers: { "Content-Type": contentType, Authorization: signQBox(creds(), { path: "/private", body, contentType }) },
    body,
  });
  expect(r.status).toBe(200);
  const info = (await (await fetch(`${emu.endpoints.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> };
  for (const b of [PUB, PRIV]) domains[b] = info.buckets[b].domain;

  const png = await photo();
  await put(PUB, "photos/wide.png", png, "image/png");
  await put(PUB, "photos/wide.jpg", await sharp(png).jpeg().toBuffer(), "image/jpeg");
  await put(PUB, "notes.txt", Buffer.from("not an image"), "text/plain");
  await put(PRIV, "secret/wide.png", png, "image/png");
  const clip = path.join(inputs, "clip.mp4");
  await promisify(execFile)(ffmpegPath(), [
    "-hide_banner",
    "-nostdin",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=duration=2:size=160x120:rate=10",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    clip,
  ]);
  await put(PUB, "clips/clip.mp4", readFileSync(clip), "video/mp4");
});

afterAll(async () => {
  await emu?.stop();
  if (inputs) rmSync(inputs, { recursive: true, force: true });
});

describe("public bucket", () => {
  it("imageView2/1 returns a real w×h centre crop in the source format", async () => {
    const r = await download(`${domains[PUB]}/photos/wide.png?imageView2/1/w/200/h/200`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("image/png");
    expect(Number(r.headers.get("content-length"))).toBe(r.body.length);
    const meta = await sharp(r.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 200, 200]);
    // the square is cut from the middle: red on the left, blue on the right
    const { left, right } = await edges(r.body, 100);
    expect(isRed(left) && isBlue(right)).toBe(true);
  });

  it("processes on the io service too, when the Host header names the bucket domain", async () => {
    const io = new URL(emu.endpoints.io);
    const { status, type, body } = await new Promise<{ status: number; type: string; body: Buffer }>((resolve, reject) => {
      const req = http.get(
        { host: io.hostname, port: io.port, path: "/photos/wide.png?imageView2/2/w/64", headers: { Host: new URL(domains[PUB]).host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body: Buffer.concat(chunks) }));
        },
      );
      req.on("error", reject);
    });
    expect([status, type]).toEqual([200, "image/png"]);
    expect(await sharp(body).metadata()).toMatchObject({ width: 64, height: 48 });
  });

  it("imageView2/2 keeps the aspect ratio; imageMogr2 converts to webp with the right Content-Type", async () => {
    const fit = await download(`${domains[PUB]}/photos/wide.jpg?imageView2/2/w/160`);
    const fitMeta = await sharp(fit.body).metadata();
    expect([fit.headers.get("content-type"), fitMeta.format, fitMeta.width, fitMeta.height]).toEqual(["image/jpeg", "jpeg", 160, 120]);

    const webp = await download(`${domains[PUB]}/photos/wide.jpg?imageMogr2/thumbnail/200x/format/webp`);
    expect(webp.status).toBe(200);
    expect(webp.headers.get("content-type")).toBe("image/webp");
    const meta = await sharp(webp.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 200, 150]);
  });

  it("imageInfo and avinfo answer JSON; vframe returns a JPEG frame", async () => {
    const info = await download(`${domains[PUB]}/photos/wide.png?imageInfo`);
    expect(info.status).toBe(200);
    expect(info.headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(info.body.toString())).toEqual({ size: expect.any(Number), format: "png", width: 640, height: 480, colorModel: "rgb" });

    const av = await download(`${domains[PUB]}/clips/clip.mp4?avinfo`);
    expect(av.headers.get("content-type")).toBe("application/json");
    const avJson = JSON.parse(av.body.toString()) as { streams: { codec_type: string; width?: number; height?: number }[] };
    expect(avJson.streams.find((s) => s.codec_type === "video")).toMatchObject({ width: 160, height: 120 });

    const frame = await download(`${domains[PUB]}/clips/clip.mp4?vframe/jpg/offset/1`);
    expect(frame.status).toBe(200);
    expect(frame.headers.get("content-type")).toBe("image/jpeg");
    const meta = await sharp(frame.body).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 160, 120]);
  });

  it("answers a Qiniu-style JSON 400 for malformed or unknown fops, and for a fop the source cannot take", async () => {
    for (const fop of ["imageView2/9/w/100", "imageView2/1/w/abc", "imageMogr2/thumbnail/huge", "nosuchfop/1", "imageView2/2/w/10|saveas/Zm9wLXB1YmxpYzp4"]) {
      const r = await download(`${domains[PUB]}/photos/wide.png?${fop}`);
      expect(r.status, fop).toBe(400);
      expect(r.headers.get("content-type")).toBe("application/json");
      expect(JSON.parse(r.body.toString())).toEqual({ error: expect.stringMatching(/^invalid fop: /) });
    }
    const notImage = await download(`${domains[PUB]}/notes.txt?imageView2/2/w/100`);
    expect(notImage.status).toBe(400);
    expect(JSON.parse(notImage.body.toString())).toEqual({ error: "not a valid image" });
    // a missing key is still a 404, and plain parameters are not fops
    expect((await download(`${domains[PUB]}/nope.png?imageView2/2/w/100`)).status).toBe(404);
    const plain = await download(`${domains[PUB]}/photos/wide.png?v=2&attname=a.png`);
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-type")).toBe("image/png");
    expect((await sharp(plain.body).metadata()).width).toBe(640);
  });

  it("serves repeated requests from the on-disk cache: identical bytes and ETag, 304, keyed by source hash + fop", async () => {
    const url = `${domains[PUB]}/photos/wide.png?imageView2/1/w/120/h/90`;
    const before = cacheEntries().length;
    const first = await download(url);
    const afterFirst = cacheEntries();
    expect(afterFirst.length).toBe(before + 1);
    const second = await download(url);
    expect(second.status).toBe(200);
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(cacheEntries().length).toBe(before + 1);
    // the bytes served are the cached file
    expect(afterFirst.some((f) => readFileSync(f).equals(first.body))).toBe(true);
    const notModified = await download(url, { headers: { "If-None-Match": first.headers.get("etag")! } });
    expect(notModified.status).toBe(304);
    const ranged = await download(url, { headers: { Range: "bytes=0-9" } });
    expect(ranged.status).toBe(206);
    expect(ranged.body.equals(first.body.subarray(0, 10))).toBe(true);

    // new content under the same key is processed again, not served from the old entry
    await put(PUB, "photos/wide.png", await photo(320, 240, true), "image/png");
    const replaced = await download(url);
    expect(replaced.headers.get("etag")).not.toBe(first.headers.get("etag"));
    expect(cacheEntries().length).toBe(before + 2);
    const meta = await sharp(replaced.body).metadata();
    expect([meta.width, meta.height]).toEqual([120, 90]);
    const { left, right } = await edges(replaced.body, 45);
    expect(isBlue(left) && isRed(right)).toBe(true);
  });

  it("records processed downloads as CDN traffic of the bucket's domain", async () => {
    const domain = new URL(domains[PUB]).host;
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const flux = async () => {
      const p = "/v2/tune/flux";
      const r = await fetch(`${emu.endpoints.fusion}${p}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: signQBox(creds(), { path: p }) },
        body: JSON.stringify({ startDate: day, endDate: day, granularity: "day", domains: domain }),
      });
      const d = ((await r.json()) as { data: Record<string, { china: number[]; oversea: number[] }> }).data[domain];
      return d ? [...d.china, ...d.oversea].reduce((a, b) => a + b, 0) : 0;
    };
    const before = await flux();
    const thumb = await download(`${domains[PUB]}/photos/wide.jpg?imageView2/2/w/64`);
    let after = before;
    for (let i = 0; i < 20 && after < before + thumb.body.length; i++) {
      await new Promise((r) => setTimeout(r, 50));
      after = await flux();
    }
    expect(after - before).toBe(thumb.body.length);
  });
});

describe("private bucket", () => {
  it("processes a URL whose signed string covers the fop, and refuses a missing or altered token with 401", async () => {
    const deadline = Math.floor(Date.now() / 1000) + 600;
    const url = privateDownloadUrl(creds(), `${domains[PRIV]}/secret/wide.png?imageView2/1/w/100/h/100`, deadline);
    expect(url).toMatch(/\?imageView2\/1\/w\/100\/h\/100&e=\d+&token=/);
    const ok = await download(url);
    expect(ok.status).toBe(200);
    const meta = await sharp(ok.body).metadata();
    expect([meta.width, meta.height]).toEqual([100, 100]);
    // the official SDK signs the same way
    const sdkUrl = sdk.bucketManager.privateDownloadUrl(domains[PRIV], "secret/wide.png?imageInfo", deadline);
    const info = await download(sdkUrl);
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body.toString())).toMatchObject({ width: 640, height: 480 });

    expect((await download(`${domains[PRIV]}/secret/wide.png?imageView2/1/w/100/h/100`)).status).toBe(401);
    const altered = url.replace("imageView2/1/w/100/h/100", "imageView2/1/w/900/h/900");
    expect((await download(altered)).status).toBe(401);
    // a malformed fop on a valid token is a 400, a malformed fop without one a 401 (auth first)
    const bad = privateDownloadUrl(creds(), `${domains[PRIV]}/secret/wide.png?imageView2/7`, deadline);
    expect((await download(bad)).status).toBe(400);
    expect((await download(`${domains[PRIV]}/secret/wide.png?imageView2/7`)).status).toBe(401);
  });
});
