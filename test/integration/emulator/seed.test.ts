// --seed: a public and a private demo bucket with folders, images, a video, text and JSON, plus CDN history;
// a second start on the same data directory changes nothing.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { signQBox } from "@/lib/qiniu/auth";
import { startEmulator, type RunningEmulator } from "../../support/emulator";
import { call, download, sdkFor } from "./sdk";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "emu-seed-"));
let emu: RunningEmulator | undefined;

afterAll(async () => {
  await emu?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function listing(run: RunningEmulator, bucket: string) {
  const r = await call<{ items: { key: string; hash: string; mimeType: string; putTime: number }[] }>(
    sdkFor(run).bucketManager.listPrefix(bucket, { limit: 1000 }),
  );
  return r.data.items;
}

describe("--seed", () => {
  it("creates realistic demo buckets once", async () => {
    emu = await startEmulator({ seed: true, dataDir });
    expect(emu.buckets["demo-public"]).toMatchObject({ private: false });
    expect(emu.buckets["demo-private"]).toMatchObject({ private: true });
    const pub = await listing(emu, "demo-public");
    const keys = pub.map((i) => i.key);
    expect(keys).toEqual(
      expect.arrayContaining(["README.txt", "docs/config/app.json", "images/landscape/sunrise.jpg", "videos/intro.mp4", "docs/说明/快速开始.txt"]),
    );
    expect(new Set(keys.map((k) => k.split("/")[0])).size).toBeGreaterThanOrEqual(5);
    expect(pub.find((i) => i.key === "videos/intro.mp4")?.mimeType).toBe("video/mp4");
    const video = await download(`${emu.buckets["demo-public"].domain}/videos/intro.mp4`, { headers: { Range: "bytes=4-7" } });
    expect(video.body.toString("latin1")).toBe("ftyp");
    const img = await download(`${emu.buckets["demo-public"].domain}/images/landscape/sunrise.jpg`);
    expect(await sharp(img.body).metadata()).toMatchObject({ format: "jpeg", width: 1280, height: 720 });
    expect((await download(`${emu.buckets["demo-private"].domain}/reports/q2.json`)).status).toBe(401);
    const priv = await listing(emu, "demo-private");
    expect(priv.length).toBeGreaterThanOrEqual(4);

    // 30 days of CDN history for the demo domains.
    const domain = new URL(emu.buckets["demo-public"].domain).host;
    const day = (offset: number) => new Date(Date.now() + 8 * 3600_000 - offset * 86400_000).toISOString().slice(0, 10);
    const payload = JSON.stringify({ startDate: day(29), endDate: day(0), granularity: "day", domains: domain });
    const r = await fetch(`${emu.endpoints.fusion}/v2/tune/flux`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: signQBox({ accessKey: emu.accessKey, secretKey: emu.secretKey }, { path: "/v2/tune/flux" }),
      },
      body: payload,
    });
    const flux = (await r.json()) as { data: Record<string, { china: number[] }> };
    expect(flux.data[domain].china.filter((v) => v > 0).length).toBeGreaterThan(20);

    await emu.stop();
    emu = await startEmulator({ seed: true, dataDir });
    const again = await listing(emu, "demo-public");
    expect(again.map((i) => [i.key, i.hash, i.putTime])).toEqual(pub.map((i) => [i.key, i.hash, i.putTime]));
    expect(Object.keys(emu.buckets).sort()).toEqual(["demo-private", "demo-public", "demo-z1"]);
  }, 120_000);
});
