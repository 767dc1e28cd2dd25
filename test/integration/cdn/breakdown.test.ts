// Region/ISP breakdowns, status codes over time and back-to-source traffic, derived by the real emulator from real
// downloads and read through the console's code (server/cdn/breakdown.ts, analysis-report.ts) — issue 21.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { beijingDay } from "@/lib/cdn/stats";
import { signUploadToken } from "@/lib/qiniu/auth";
import { QiniuClient } from "@/lib/qiniu/client";
import { analysisReport } from "@/server/cdn/analysis-report";
import { breakdownReport } from "@/server/cdn/breakdown";
import { geoOf } from "@/server/emulator/fusion/geo";
import { startEmulator, type RunningEmulator } from "../../support/emulator";

const BUCKET = "breakdown-cdn";
const BODY = "x".repeat(1000);
let emu: RunningEmulator;
let client: QiniuClient;
let origin: string;
let domain: string;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  emu = await startEmulator({});
  const e = emu.endpoints;
  client = new QiniuClient({
    accessKey: emu.accessKey,
    secretKey: emu.secretKey,
    hosts: { up: e.up, io: e.io, rs: e.rs, rsf: e.rsf, api: e.api, uc: e.uc, fusion: e.fusion },
  });
  await client.mkbucket(BUCKET, "z0");
  const form = new FormData();
  form.set("token", signUploadToken({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { scope: `${BUCKET}:a.txt` }, { expires: 600 }));
  form.set("key", "a.txt");
  form.set("file", new Blob([BODY]), "f");
  expect((await fetch(`${e.up}/`, { method: "POST", body: form })).status).toBe(200);
  const info = (await (await fetch(`${e.uc}/__emulator`)).json()) as { buckets: Record<string, { domain: string }> };
  origin = info.buckets[BUCKET].domain.replace(/\/+$/, "");
  domain = new URL(origin).host;
  // Three downloads (the first a MISS fetched from the bucket, then HITs) and one 404.
  for (let i = 0; i < 3; i++) expect((await fetch(`${origin}/a.txt`)).status).toBe(200);
  expect((await fetch(`${origin}/missing.txt`)).status).toBe(404);
});

afterAll(async () => {
  await emu?.stop();
});

describe("breakdowns from real downloads", () => {
  const today = () => ({ startDate: beijingDay(Date.now()), endDate: beijingDay(Date.now()) });

  it("puts the visitor's traffic in its region and ISP, and counts only the miss as back-to-source", async () => {
    const b = await until(
      () => breakdownReport(client, [{ domain, bucket: BUCKET }], today()),
      (r) => r.regions.some((x) => x.traffic >= 3000),
    );
    const where = geoOf("127.0.0.1", "china");
    const regions = Object.fromEntries(b.regions.map((r) => [r.name, r.traffic]));
    expect(regions[where.province]).toBeGreaterThanOrEqual(3000);
    expect(Object.entries(regions).filter(([n, v]) => n !== where.province && v > 0)).toEqual([]);
    const isps = Object.fromEntries(b.isps.map((r) => [r.name, r.traffic]));
    expect(isps[where.isp]).toBe(regions[where.province]);
    expect(b.regions.find((r) => r.name === where.province)!.peakBandwidth).toBeGreaterThan(0);
    // Only the first 200 was a MISS the edge fetched from the bucket (the 404's body is small and also a miss).
    expect(b.origin.total).toBeGreaterThanOrEqual(1000);
    expect(b.origin.total).toBeLessThan(2000);
  });

  it("gives status codes over time that add up to the totals", async () => {
    const a = await until(
      () => analysisReport(client, [domain], today()),
      (r) => (r.codes["200"] ?? 0) >= 3 && (r.codes["404"] ?? 0) >= 1,
    );
    expect(a.codeSeries["200"].reduce((x, y) => x + y, 0)).toBe(a.codes["200"]);
    expect(a.codeSeries["404"]).toHaveLength(a.points.length);
  });
});
