// Image processing on public download URLs is open to anyone, so the emulator bounds it as Qiniu does: sizes
// (sources up to 30000 px a side, results up to 9999 px and 25 Mpx) are refused with a 400 before any pixel is
// decoded, a run has a time budget, and a run whose clients all left is cancelled, so its slot goes to the next one.
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, sdkFor } from "./sdk";

const B = "fop-limits";
let emu: RunningEmulator;
let hurried: RunningEmulator;
const domainOf: Record<string, string> = {};

type Stats = { active: number; cancelled: number; timedOut: number };
const stats = async (e: RunningEmulator): Promise<Stats> => (await (await fetch(`${e.endpoints.uc}/__emulator`)).json()).urlFops;

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 25));
}

async function put(e: RunningEmulator, key: string, data: Buffer): Promise<void> {
  const sdk = sdkFor(e);
  const extra = Object.assign(new sdk.qiniu.form_up.PutExtra(), { mimeType: "image/jpeg" });
  expect((await call(sdk.formUploader.put(sdk.uploadToken({ scope: `${B}:${key}` }), key, data, extra))).status).toBe(200);
}

const noisy = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 60 } } })
    .jpeg()
    .toBuffer();

/** The longest chain Qiniu takes (8 steps), each at 16 Mpx: seconds of work on the emulator if nobody stops it. */
const HEAVY = Array.from({ length: 8 }, () => "imageMogr2/thumbnail/4000x4000!/rotate/90").join("|");

beforeAll(async () => {
  [emu, hurried] = await Promise.all([startEmulator(), startEmulator({ env: { EMULATOR_FOP_TIMEOUT_MS: "300" } })]);
  const [small, big, wide] = await Promise.all([
    noisy(1000, 1000),
    noisy(2500, 2500),
    sharp({ create: { width: 30_001, height: 4, channels: 3, background: "#fff" } })
      .png()
      .toBuffer(),
  ]);
  for (const e of [emu, hurried]) {
    expect((await call(sdkFor(e).bucketManager.createBucket(B, { regionId: "z0" }))).status).toBe(200);
    domainOf[e.endpoints.uc] = (await (await fetch(`${e.endpoints.uc}/__emulator`)).json()).buckets[B].domain;
    await put(e, "small.jpg", small);
    await put(e, "big.jpg", big);
    await put(e, "wide.png", wide);
  }
}, 120_000);

afterAll(async () => {
  await Promise.all([emu?.stop(), hurried?.stop()]);
});

const url = (e: RunningEmulator, key: string, fop: string) => `${domainOf[e.endpoints.uc]}/${key}?${fop}`;

describe("URL image processing limits", () => {
  it("refuses a result beyond 9999 px or 25 Mpx at once, with Qiniu's 400", async () => {
    for (const fop of [
      "imageMogr2/thumbnail/!1000p/rotate/44",
      "imageMogr2/thumbnail/9999x",
      "imageMogr2/thumbnail/5001x5001!",
      "imageMogr2/thumbnail/4000x4000!/rotate/45",
    ]) {
      const res = await fetch(url(emu, "small.jpg", fop));
      expect(res.status, fop).toBe(400);
      expect((await res.json()).error, fop).toMatch(/image too large: the result would be/);
    }
    expect((await stats(emu)).active).toBe(0);
  });

  it("refuses a source wider than 30000 px", async () => {
    const res = await fetch(url(emu, "wide.png", "imageView2/2/w/100"));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/image too large: the source is 30001x4/);
  });

  it("cancels a run when its client leaves, and the next thumbnail answers", async () => {
    const before = await stats(emu);
    const client = new AbortController();
    const heavy = fetch(url(emu, "big.jpg", HEAVY), { signal: client.signal }).catch((e: Error) => e);
    await until(async () => (await stats(emu)).active === 1);
    client.abort();
    expect(await heavy).toBeInstanceOf(Error);
    await until(async () => (await stats(emu)).active === 0);
    expect((await stats(emu)).cancelled).toBe(before.cancelled + 1);
    const thumb = await fetch(url(emu, "small.jpg", "imageView2/1/w/64/h/64"));
    expect(thumb.status).toBe(200);
    expect(await sharp(Buffer.from(await thumb.arrayBuffer())).metadata()).toMatchObject({ width: 64, height: 64 });
  }, 60_000);

  it("stops a run that outlives its time budget with a 504", async () => {
    const res = await fetch(url(hurried, "big.jpg", HEAVY));
    expect(res.status).toBe(504);
    expect((await res.json()).error).toMatch(/timed out/);
    expect(await stats(hurried)).toMatchObject({ active: 0, timedOut: 1 });
  }, 60_000);
});
