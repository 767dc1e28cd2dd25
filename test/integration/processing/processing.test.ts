// Persistent processing against the real emulator process through the official Node SDK (npm qiniu):
// OperationManager.pfop / prefop (needs config.zone, docs/qiniu-protocol.md §11.2), notifyURL, persistentOps at upload,
// real outputs downloadable from the bucket's domain, and jobs surviving a crash of the emulator.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodedEntry } from "@/lib/qiniu/entry";
import { ffmpegPath } from "@/server/emulator/pfop/ffmpeg";
import { exitOf, startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, download, sdkFor, type Sdk } from "../emulator/sdk";

const B = "pfop-src";
const OUT = "pfop-out";
let emu: RunningEmulator;
let sdk: Sdk;
let dataDir: string;
let inputs: string;
let receiver: http.Server;
let notifyUrl: string;
const notifications: { id: string; code: number }[] = [];

type Prefop = { id: string; code: number; taskFrom?: string; items: { cmd: string; code: number; key?: string; error?: string; returnOld?: number }[] };

function pfop(key: string, fops: string[], options: Record<string, unknown> = {}, pipeline = ""): Promise<{ status: number; id: string }> {
  return new Promise((resolve, reject) =>
    sdk.operationManager.pfop(B, key, fops, pipeline, options, (err, body, info) =>
      err ? reject(err) : resolve({ status: info.statusCode, id: (body as { persistentId: string } | null)?.persistentId ?? "" }),
    ),
  );
}

function prefop(id: string): Promise<{ status: number; body: Prefop }> {
  return new Promise((resolve, reject) =>
    sdk.operationManager.prefop(id, (err, body, info) => (err ? reject(err) : resolve({ status: info.statusCode, body: body as unknown as Prefop }))),
  );
}

/** Polls prefop (as a client would) until the job leaves waiting/processing; records the codes seen. */
async function settle(id: string, timeoutMs = 60_000): Promise<{ final: Prefop; seen: number[] }> {
  const seen: number[] = [];
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { status, body } = await prefop(id);
    expect(status).toBe(200);
    if (seen[seen.length - 1] !== body.code) seen.push(body.code);
    if (body.code !== 1 && body.code !== 2) return { final: body, seen };
    if (Date.now() > end) throw new Error(`job ${id} still ${body.code}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function upload(key: string, file: string, policy: Record<string, unknown> = {}) {
  const r = await call<{ key: string; persistentId?: string }>(
    sdk.formUploader.putFile(sdk.uploadToken({ scope: `${B}:${key}`, ...policy }), key, file, new sdk.qiniu.form_up.PutExtra()),
  );
  expect(r.status).toBe(200);
  return r.data;
}

let domains: Record<string, { domain: string }> = {};
const objectUrl = (bucket: string, key: string) => `${domains[bucket].domain}/${encodeURI(key)}`;

async function startWithBuckets(dir: string) {
  emu = await startEmulator({ dataDir: dir });
  sdk = sdkFor(emu);
}

/** Download domains as the emulator reports them now (GET /__emulator on uc). */
async function learnDomains() {
  domains = ((await (await fetch(`${emu.endpoints.uc}/__emulator`)).json()) as { buckets: typeof domains }).buckets;
}

beforeAll(async () => {
  inputs = mkdtempSync(path.join(tmpdir(), "pfop-int-"));
  await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 30, b: 30 } } })
    .png()
    .toFile(path.join(inputs, "red.png"));
  await promisify(execFile)(ffmpegPath(), [
    "-hide_banner",
    "-nostdin",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=duration=2:size=160x120:rate=10",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:duration=2",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    "-shortest",
    path.join(inputs, "clip.mp4"),
  ]);
  receiver = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      notifications.push(JSON.parse(body) as { id: string; code: number });
      res.end("{}");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  notifyUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/notify`;

  dataDir = mkdtempSync(path.join(tmpdir(), "pfop-emu-"));
  await startWithBuckets(dataDir);
  for (const b of [B, OUT]) expect((await call(sdk.bucketManager.createBucket(b, { regionId: "z0" }))).status).toBe(200);
  await learnDomains();
  await upload("media/red.png", path.join(inputs, "red.png"));
  await upload("media/clip.mp4", path.join(inputs, "clip.mp4"));
});

afterAll(async () => {
  await emu?.stop();
  receiver?.close();
  rmSync(inputs, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe("pfop through the official Node SDK", () => {
  it("grabs a frame and transcodes a video with saveas, then notifies", async () => {
    const frame = `vframe/jpg/offset/1/w/80|saveas/${encodedEntry(OUT, "clip/frame.jpg")}`;
    const mp4 = `avthumb/mp4/s/80x60/vb/150k|saveas/${encodedEntry(OUT, "clip/small.mp4")}`;
    const submitted = await pfop("media/clip.mp4", [frame, mp4], { notifyURL: notifyUrl, force: true }, "video");
    expect(submitted.status).toBe(200);
    expect(submitted.id).toMatch(/^z0\./);
    const { final, seen } = await settle(submitted.id);
    expect(seen[seen.length - 1]).toBe(0);
    expect(final.items.map((i) => [i.cmd, i.code, i.key])).toEqual([
      [frame, 0, "clip/frame.jpg"],
      [mp4, 0, "clip/small.mp4"],
    ]);
    const jpg = await download(objectUrl(OUT, "clip/frame.jpg"));
    expect(jpg.status).toBe(200);
    expect(await sharp(jpg.body).metadata()).toMatchObject({ format: "jpeg", width: 80, height: 60 });
    const video = await download(objectUrl(OUT, "clip/small.mp4"));
    expect(video.status).toBe(200);
    expect(video.body.subarray(4, 8).toString("latin1")).toBe("ftyp");
    const stat = await call<{ mimeType: string }>(sdk.bucketManager.stat(OUT, "clip/small.mp4"));
    expect(stat.data.mimeType).toBe("video/mp4");
    await expect.poll(() => notifications.find((n) => n.id === submitted.id)?.code, { timeout: 10_000 }).toBe(0);
  });

  it("fails a bad fop with its reason while the good one succeeds", async () => {
    const submitted = await pfop("media/red.png", ["nonsense/1", "imageView2/2/w/30"]);
    const { final } = await settle(submitted.id);
    expect(final.code).toBe(3);
    expect(final.items[0]).toMatchObject({ code: 3, error: expect.stringContaining('unknown fop "nonsense"') });
    expect(final.items[1].code).toBe(0);
    const thumb = await download(objectUrl(B, final.items[1].key!));
    expect((await sharp(thumb.body).metadata()).width).toBe(30);
  });

  it("refuses a pfop on a missing file with 404", async () => {
    const err = await pfop("media/missing.png", ["avinfo"]).then(
      (r) => r.status,
      (e: { code?: number }) => e.code,
    );
    expect(err).toBe(404);
  });

  it("runs an upload's persistentOps through the same queue", async () => {
    const up = await upload("media/up.png", path.join(inputs, "red.png"), {
      persistentOps: `imageMogr2/thumbnail/50x/format/webp|saveas/${encodedEntry(OUT, "up/thumb.webp")}`,
      persistentNotifyUrl: notifyUrl,
    });
    expect(up.persistentId).toMatch(/^z0\./);
    const { final } = await settle(up.persistentId!);
    expect(final).toMatchObject({ code: 0, taskFrom: "upload", items: [{ code: 0, key: "up/thumb.webp" }] });
    const webp = await download(objectUrl(OUT, "up/thumb.webp"));
    expect(await sharp(webp.body).metadata()).toMatchObject({ format: "webp", width: 50 });
  });

  it("finishes jobs that were queued or running when the emulator was killed", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await pfop("media/clip.mp4", [`avthumb/webm/s/80x60|saveas/${encodedEntry(OUT, `crash/${i}.webm`)}`], { force: true }, "crash");
      ids.push(r.id);
    }
    // the last one cannot have finished yet: two workers per pipeline, and it was submitted a moment ago
    expect([1, 2]).toContain((await prefop(ids[2])).body.code);
    emu.kill9();
    await exitOf(emu);
    await startWithBuckets(dataDir);
    await learnDomains();
    for (const [i, id] of ids.entries()) {
      const { final } = await settle(id);
      expect(final.code).toBe(0);
      const webm = await download(objectUrl(OUT, `crash/${i}.webm`));
      expect(webm.status).toBe(200);
      expect(webm.body.subarray(0, 4).toString("hex")).toBe("1a45dfa3"); // EBML header
    }
  });
});
