// The emulator's Kodo statistics (/v6/space, count, _line, _archive, blob_io): derived from stored objects by put time,
// with hostile parameters answered by clear 4xx errors, never a crash.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QiniuClient } from "@/lib/qiniu/client";
import { QiniuError } from "@/lib/qiniu/errors";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor, type Sdk } from "./sdk";

let emu: RunningEmulator;
let sdk: Sdk;
let t: QiniuClient["transport"];
const B = "stats";

beforeAll(async () => {
  emu = await startEmulator();
  sdk = sdkFor(emu);
  t = new QiniuClient({ accessKey: emu.accessKey, secretKey: emu.secretKey, hosts: { ...emu.endpoints }, timeoutMs: 10_000, retries: 0 }).transport;
  await call(sdk.bucketManager.createBucket(B, { regionId: "z0" }));
});
afterAll(() => emu?.stop());

const get = async (path: string, query: Record<string, string>) => {
  try {
    return { status: 200, body: (await t.request({ service: "api", method: "GET", path, query, auth: "qiniu", idempotent: true })).body };
  } catch (e) {
    if (e instanceof QiniuError) return { status: e.status, body: e.body };
    throw e;
  }
};
const cst = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace(/[-T:]/g, "");

describe("/v6 statistics in the emulator", () => {
  it("hour points count an object from its put time on, and nothing in hours that have not begun", async () => {
    const put = await call(sdk.formUploader.put(sdk.uploadToken({ scope: `${B}:a.bin` }), "a.bin", Buffer.alloc(100), new sdk.qiniu.form_up.PutExtra()));
    expect(put.status).toBe(200);
    const putMs = (await call<{ putTime: number }>(sdk.bucketManager.stat(B, "a.bin"))).data.putTime / 10_000;
    const now = Date.now();
    const q = { bucket: B, begin: cst(now - 3 * 3_600_000), end: cst(now + 3_600_000), g: "hour" };
    const space = (await get("/v6/space", q)).body as { times: number[]; datas: number[] };
    expect(space.times.length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < space.times.length; i++) expect(space.times[i] - space.times[i - 1]).toBe(3600);
    // The model: held at the end of each hour (or now, for the current one), if the hour has begun.
    const expected = space.times.map((s) => (s * 1000 <= now && putMs < Math.min(s * 1000 + 3_600_000, now) ? 100 : 0));
    expect(space.datas).toEqual(expected);
    expect(expected.filter((v) => v === 100).length).toBeGreaterThanOrEqual(1);
    expect(expected[0]).toBe(0);
    expect(expected.at(-1)).toBe(0);
    const ia = (await get("/v6/count_line", q)).body as { datas: number[] };
    expect(ia.datas.every((v) => v === 0)).toBe(true);
  });

  it("refuses hostile parameters with 400/631 and keeps answering", async () => {
    const now = Date.now();
    const good = { bucket: B, begin: cst(now - 86_400_000), end: cst(now), g: "day" };
    const cases: [string, Record<string, string>, number][] = [
      ["/v6/space", { ...good, begin: "2024-01-01" }, 400],
      ["/v6/space", { ...good, begin: "20240231000000" }, 400],
      ["/v6/count", { ...good, end: good.begin }, 400],
      ["/v6/space", { ...good, g: "week" }, 400],
      ["/v6/space", { ...good, g: "5min", begin: cst(now - 30 * 86_400_000) }, 400],
      ["/v6/space_line", { ...good, bucket: "nope-\u0000" }, 631],
      ["/v6/blob_io", { ...good, select: "bytes" }, 400],
      ["/v6/blob_io", { ...good, $metric: "x" }, 400],
      ["/v6/blob_io", { ...good, $bucket: "../etc" }, 631],
    ];
    for (const [path, query, status] of cases) {
      const r = await get(path, query);
      expect(r.status, `${path} ${JSON.stringify(query)}`).toBe(status);
      expect(typeof (r.body as { error?: unknown }).error).toBe("string");
    }
    const unsigned = await fetch(`${emu.endpoints.api}/v6/space?bucket=${B}`);
    expect(unsigned.status).toBe(401);
    expect((await get("/v6/space", good)).status).toBe(200);
  });
});
