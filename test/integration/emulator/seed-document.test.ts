// Walks through every operation of the SDK document we were given (shared/seed-python-sdk.txt), in its order,
// with the official Node SDK (its equivalent calls) against the real emulator.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signQiniuV2 } from "@/lib/qiniu/auth";
import { etagOfBuffer } from "@/lib/qiniu/etag-node";
import { ensureVideo, seedCacheDir } from "@/server/emulator/seed-media";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, download, redirectFusion, sdkFor, viaCallback, type Sdk } from "./sdk";

const B = "doc-bucket";
const B2 = "doc-target";
let emu: RunningEmulator;
let sdk: Sdk;
let dir: string;
let origin: string;
let videoPath: string;
let undoFusion: () => void;
let callbacks: http.Server;
let callbackUrl: string;
const callbackBodies: string[] = [];

type Cb = (err?: Error, body?: Record<string, unknown>, info?: { statusCode: number }) => void;
const cdnCall = (start: (cb: Cb) => void) =>
  new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) =>
    start((err, body, info) => (err ? reject(err) : resolve({ status: info?.statusCode ?? 0, body: body ?? {} }))),
  );

async function waitForPfop(id: string): Promise<{ code: number; items: { code: number; key?: string }[] }> {
  for (let i = 0; i < 300; i++) {
    const r = await viaCallback<{ code: number; items: { code: number; key?: string }[] }>((cb) => sdk.operationManager.prefop(id, cb as never));
    if (r.data.code === 0 || r.data.code === 3) return r.data;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new Error(`pfop ${id} did not finish`);
}

beforeAll(async () => {
  [emu, videoPath] = await Promise.all([
    startEmulator({ allowLoopbackFetch: true, env: { EMULATOR_CDN_TASK_DELAY_MS: "0" } }),
    ensureVideo(seedCacheDir(), () => {}).then((p) => p!),
  ]);
  sdk = sdkFor(emu);
  dir = mkdtempSync(path.join(os.tmpdir(), "emu-doc-"));
  undoFusion = redirectFusion(emu.endpoints.fusion);
  for (const b of [B, B2]) await call(sdk.bucketManager.createBucket(b, { regionId: "z0" }));
  origin = ((await (await fetch(`${emu.endpoints.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> }).buckets[B].domain;
  callbacks = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      callbackBodies.push(body);
      res.setHeader("Content-Type", "application/json");
      res.end(JSON.stringify({ key: new URLSearchParams(body).get("key"), hash: new URLSearchParams(body).get("hash") }));
    });
  });
  await new Promise<void>((r) => callbacks.listen(0, "127.0.0.1", r));
  callbackUrl = `http://127.0.0.1:${(callbacks.address() as AddressInfo).port}/callback.php`;
}, 120_000);

afterAll(async () => {
  undoFusion?.();
  callbacks?.close();
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("上传相关 (uploads)", () => {
  it("上传: put_file with a key-scoped token; ret.key and ret.hash match", async () => {
    const local = path.join(dir, "bbb.jpg");
    writeFileSync(local, Buffer.alloc(30_000, 3));
    const token = sdk.uploadToken({ scope: `${B}:my-python-logo.png` });
    const r = await call<{ key: string; hash: string }>(sdk.formUploader.putFile(token, "my-python-logo.png", local, new sdk.qiniu.form_up.PutExtra()));
    expect(r.data).toEqual({ key: "my-python-logo.png", hash: etagOfBuffer(Buffer.alloc(30_000, 3)) });
  });

  it("上传&回调: the callback gets filename and filesize; the uploader gets the callback's answer", async () => {
    const token = sdk.uploadToken({ scope: `${B}:cb-logo.png`, callbackUrl, callbackBody: "filename=$(fname)&filesize=$(fsize)&key=$(key)&hash=$(etag)" });
    const data = Buffer.from("callback upload");
    const r = await call<{ key: string; hash: string }>(sdk.formUploader.put(token, "cb-logo.png", data, new sdk.qiniu.form_up.PutExtra("cb-logo.png")));
    expect(r.data).toEqual({ key: "cb-logo.png", hash: etagOfBuffer(data) });
    expect(callbackBodies.at(-1)).toBe(`filename=cb-logo.png&filesize=${data.length}&key=cb-logo.png&hash=${encodeURIComponent(etagOfBuffer(data))}`);
  });

  it("上传&预转持续化: persistentOps with a pipeline and saveas transcode the uploaded video", async () => {
    const saveas = Buffer.from(`${B2}:transcoded.mp4`).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    const token = sdk.uploadToken({ scope: `${B}:movie.mp4`, persistentOps: `avthumb/mp4/s/640x360/vb/1.25m|saveas/${saveas}`, persistentPipeline: "abc" });
    const r = await call<{ key: string; persistentId: string }>(sdk.formUploader.putFile(token, "movie.mp4", videoPath, new sdk.qiniu.form_up.PutExtra()));
    expect(r.data.key).toBe("movie.mp4");
    const done = await waitForPfop(r.data.persistentId);
    expect(done.code).toBe(0);
    expect((await call<{ mimeType: string }>(sdk.bucketManager.stat(B2, "transcoded.mp4"))).data.mimeType).toBe("video/mp4");
  }, 90_000);
});

describe("数据处理 (pfop)", () => {
  it("触发持久化操作: pfop on a stored video, then prefop reports success", async () => {
    const saveas = Buffer.from(`${B2}:frame.jpg`).toString("base64").replace(/\+/g, "-").replace(/\//g, "_");
    const r = await viaCallback<{ persistentId: string }>((cb) =>
      sdk.operationManager.pfop(B, "movie.mp4", [`vframe/jpg/offset/1/w/160/h/120|saveas/${saveas}`], "mpsdemo", { force: true }, cb as never),
    );
    expect(r.status).toBe(200);
    expect((await waitForPfop(r.data.persistentId)).code).toBe(0);
    expect((await call<{ mimeType: string }>(sdk.bucketManager.stat(B2, "frame.jpg"))).data.mimeType).toBe("image/jpeg");
  }, 60_000);
});

describe("下载相关 (downloads)", () => {
  it("私有空间下载: once the bucket is private, the private download URL gives 200 and the plain URL 401", async () => {
    const setPrivate = (v: 0 | 1) => {
      const url = `${emu.endpoints.uc}/private`;
      const body = `bucket=${B}&private=${v}`;
      const headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        Authorization: signQiniuV2({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { method: "POST", url, body }),
      };
      return fetch(url, { method: "POST", headers, body });
    };
    expect((await setPrivate(1)).status).toBe(200);
    const url = sdk.bucketManager.privateDownloadUrl(origin, "my-python-logo.png", Math.floor(Date.now() / 1000) + 3600);
    expect((await download(url)).status).toBe(200);
    expect((await download(`${origin}/my-python-logo.png`)).status).toBe(401);
    expect((await setPrivate(0)).status).toBe(200);
  });
});

describe("资源管理 (object management)", () => {
  it("stat, list, fetch, prefetch, move, copy, delete, deleteAfterDays, change type and change MIME", async () => {
    expect((await call<{ hash: string }>(sdk.bucketManager.stat(B, "my-python-logo.png"))).data.hash).toBeTruthy();
    const list = await call<{ items: unknown[] }>(sdk.bucketManager.listPrefix(B, { limit: 10 }));
    expect(list.data.items.length).toBeGreaterThan(0);
    const fetched = await call<{ key: string }>(sdk.bucketManager.fetch(`${origin}/my-python-logo.png`, B, "xxx.jpg"));
    expect(fetched.data.key).toBe("xxx.jpg");
    await call(sdk.bucketManager.image(B2, origin));
    expect((await call<{ key: string }>(sdk.bucketManager.prefetch(B2, "cb-logo.png"))).data.key).toBe("cb-logo.png");
    expect((await call(sdk.bucketManager.move(B, "xxx.jpg", B, "python-logo2.png", {}))).status).toBe(200);
    expect((await call(sdk.bucketManager.copy(B, "python-logo2.png", B2, "python-logo2.png", {}))).status).toBe(200);
    expect((await call(sdk.bucketManager.delete(B, "python-logo2.png"))).status).toBe(200);
    expect((await call(sdk.bucketManager.deleteAfterDays(B2, "python-logo2.png", 5))).status).toBe(200);
    expect((await call(sdk.bucketManager.changeType(B2, "python-logo2.png", 1))).status).toBe(200);
    expect((await call(sdk.bucketManager.changeMime(B2, "python-logo2.png", "image/jpg"))).status).toBe(200);
    const st = await call<{ type: number; mimeType: string; expiration: number }>(sdk.bucketManager.stat(B2, "python-logo2.png"));
    expect(st.data).toMatchObject({ type: 1, mimeType: "image/jpg", expiration: expect.any(Number) });
  });

  it("批量: rename, stat, move, delete and copy batches", async () => {
    const { rs } = sdk.qiniu;
    const run = (ops: string[]) => call<{ code: number }[]>(sdk.bucketManager.batch(ops));
    expect((await run([rs.moveOp(B, "cb-logo.png", B, "123.jpg", { force: true })])).data[0].code).toBe(200);
    const stats = await run(["123.jpg", "2.txt"].map((k) => rs.statOp(B, k)));
    expect(stats.status).toBe(298);
    expect(stats.data.map((x) => x.code)).toEqual([200, 612]);
    expect((await run([rs.copyOp(B, "123.jpg", B2, "src_key1", { force: true })])).data[0].code).toBe(200);
    expect((await run([rs.moveOp(B2, "src_key1", B, "target_key1", { force: true })])).data[0].code).toBe(200);
    expect((await run([rs.deleteOp(B, "123.jpg"), rs.deleteOp(B, "target_key1")])).data.map((x) => x.code)).toEqual([200, 200]);
  });
});

describe("CDN相关 (CDN)", () => {
  it("refreshes urls and dirs, prefetches, and reads log lists, flux and bandwidth", async () => {
    const cdn = new sdk.qiniu.cdn.CdnManager(sdk.mac);
    const host = new URL(origin).host;
    const urls = [`${origin}/my-python-logo.png`];
    expect((await cdnCall((cb) => cdn.refreshUrls(urls, cb as never))).body.code).toBe(200);
    expect((await cdnCall((cb) => cdn.refreshDirs([`${origin}/doc/`], cb as never))).body.code).toBe(200);
    expect((await cdnCall((cb) => cdn.prefetchUrls(urls, cb as never))).body.code).toBe(200);
    const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    expect((await cdnCall((cb) => cdn.getCdnLogList([host], day, cb as never))).body.code).toBe(200);
    const flux = await cdnCall((cb) => cdn.getFluxData(day, day, "day", [host], cb as never));
    expect(flux.body.code).toBe(200);
    expect((await cdnCall((cb) => cdn.getBandwidthData(day, day, "hour", [host], cb as never))).body.code).toBe(200);
  });
});
