// The official Node SDK's CdnManager (npm `qiniu` 7.15.x) against the real emulator process. CdnManager hard-codes
// http://fusion.qiniuapi.com and calls urllib directly (docs/qiniu-protocol.md §11.2, CDN bullet), so the test wraps the
// urllib instance the SDK resolves and rewrites that prefix to the emulator's fusion endpoint. The QBox signature
// covers only the path, so it stays valid.
import { createRequire } from "node:module";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beijingDay } from "@/lib/cdn/stats";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, download, sdkFor, type Sdk } from "../emulator/sdk";

const BUCKET = "cdn-sdk";
const LEECH_KEY = "cdn-sdk-leech-key";
const KEY = "img/photo 1.jpg";
const BODY = Buffer.alloc(4321, 7);

// The SDK's `callback` type: every argument optional.
type Callback = (err?: Error, body?: Record<string, unknown>, info?: { statusCode: number }) => void;
type UrllibRequest = (url: string, opts: unknown, cb?: unknown) => unknown;

let emu: RunningEmulator;
let sdk: Sdk;
let cdn: InstanceType<Sdk["qiniu"]["cdn"]["CdnManager"]>;
let domain: string; // host:port
let origin: string; // http://host:port
let restoreUrllib: () => void;

function redirectFusion(fusion: string): () => void {
  const requireFromSdk = createRequire(path.join(path.dirname(createRequire(import.meta.url).resolve("qiniu/package.json")), "index.js"));
  const urllib = requireFromSdk("urllib") as { request: UrllibRequest };
  const original = urllib.request;
  urllib.request = function (this: unknown, url: string, opts: unknown, cb?: unknown) {
    return original.call(this, url.replace(/^http:\/\/fusion\.qiniuapi\.com/, fusion), opts, cb);
  };
  return () => {
    urllib.request = original;
  };
}

/** The CdnManager methods are callback-only: `(err, body, info)`. */
function sdkCall(start: (cb: Callback) => void): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => start((err, body, info) => (err ? reject(err) : resolve({ status: info?.statusCode ?? 0, body: body ?? {} }))));
}

beforeAll(async () => {
  emu = await startEmulator({ env: { EMULATOR_CDN_ANTILEECH: `${BUCKET}=${LEECH_KEY}`, EMULATOR_CDN_TASK_DELAY_MS: "0" } });
  sdk = sdkFor(emu);
  cdn = new sdk.qiniu.cdn.CdnManager(sdk.mac);
  restoreUrllib = redirectFusion(emu.endpoints.fusion);
  await call(sdk.bucketManager.createBucket(BUCKET, { regionId: "z0" }));
  const info = (await (await fetch(`${emu.endpoints.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> };
  origin = info.buckets[BUCKET].domain;
  domain = new URL(origin).host;
  const put = await call(sdk.formUploader.put(sdk.uploadToken({ scope: BUCKET }), KEY, BODY, new sdk.qiniu.form_up.PutExtra()));
  expect(put.status).toBe(200);
});

afterAll(async () => {
  restoreUrllib?.();
  await emu?.stop();
});

const signedUrl = (deadline: number) => cdn.createTimestampAntiLeechUrl(origin, KEY, null, LEECH_KEY, deadline);

describe("CdnManager against the emulator", () => {
  it("downloads through an anti-leech URL made by the SDK, and refuses unsigned or expired ones", async () => {
    const deadline = Math.floor(Date.now() / 1000) + 600;
    const ok = await download(signedUrl(deadline));
    expect(ok.status).toBe(200);
    expect(ok.body.equals(BODY)).toBe(true);
    expect((await download(`${origin}/img/photo%201.jpg`)).status).toBe(403);
    expect((await download(signedUrl(Math.floor(Date.now() / 1000) - 5))).status).toBe(403);
  });

  it("reports the downloaded bytes in flux and bandwidth at 5-minute granularity", async () => {
    const deadline = Math.floor(Date.now() / 1000) + 600;
    for (let i = 0; i < 3; i++) expect((await download(signedUrl(deadline))).status).toBe(200);
    const today = beijingDay(Date.now());
    const fluxNow = async () => {
      const flux = await sdkCall((cb) => cdn.getFluxData(today, today, "5min", [domain], cb));
      expect(flux.status).toBe(200);
      expect(flux.body.code).toBe(200);
      expect(flux.body.time).toHaveLength(288);
      const series = (flux.body.data as Record<string, { china: number[]; oversea: number[] }>)[domain];
      return series.china.reduce((a, b) => a + b, 0) + series.oversea.reduce((a, b) => a + b, 0);
    };
    // 4 successful downloads of BODY so far (this test and the previous one); refused ones carry no body bytes. The
    // emulator records a download when its response closes, so the last one may show a moment later.
    await expect.poll(fluxNow).toBe(4 * BODY.length);
    const bandwidth = await sdkCall((cb) => cdn.getBandwidthData(today, today, "5min", [domain], cb));
    const bw = (bandwidth.body.data as Record<string, { china: number[] }>)[domain];
    expect(Math.max(...bw.china)).toBeGreaterThanOrEqual(Math.round((BODY.length * 8) / 300));
  });

  it("refreshes URLs and directories, prefetches, and reports the remaining quota", async () => {
    const url = `${origin}/img/photo%201.jpg`;
    const refresh = await sdkCall((cb) => cdn.refreshUrls([url], cb));
    expect(refresh.status).toBe(200);
    expect(refresh.body).toMatchObject({ code: 200, urlQuotaDay: 500, urlSurplusDay: 499 });
    const dirs = await sdkCall((cb) => cdn.refreshDirs([`${origin}/img/`], cb));
    expect(dirs.body).toMatchObject({ code: 200, dirSurplusDay: 9 });
    const prefetch = await sdkCall((cb) => cdn.prefetchUrls([url], cb));
    expect(prefetch.body).toMatchObject({ code: 200, quotaDay: 100, surplusDay: 99 });
  });

  it("refuses a refresh over the per-request limit with 400038", async () => {
    const urls = Array.from({ length: 61 }, (_, i) => `${origin}/many/${i}.jpg`);
    const r = await sdkCall((cb) => cdn.refreshUrls(urls, cb));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(400038);
  });

  it("lists the day's log and serves it gzipped, with the downloads in Qiniu's format", async () => {
    const today = beijingDay(Date.now());
    const list = await sdkCall((cb) => cdn.getCdnLogList([domain], today, cb));
    expect(list.body.code).toBe(200);
    const [file] = (list.body.data as Record<string, Array<{ name: string; size: number; url: string }>>)[domain];
    expect(file.name).toContain(today);
    const res = await download(file.url);
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(file.size);
    const lines = gunzipSync(res.body).toString("utf8").trim().split("\n");
    const ok = lines.filter((l) => l.includes(`"GET http://${domain}/img/photo%201.jpg?sign=`) && / 200 4321 /.test(l));
    expect(ok).toHaveLength(4);
    expect(lines.some((l) => / 403 /.test(l))).toBe(true);
    expect(lines[0]).toMatch(/^\S+ (HIT|MISS) \d+ \[\d{2}\/\w{3}\/\d{4}:\d{2}:\d{2}:\d{2} \+0800\] "GET \S+ HTTP\/1\.1" \d{3} \d+ ".*" ".*"$/);
  });
});
