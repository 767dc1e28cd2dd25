import { afterEach, describe, expect, it } from "vitest";
import { checkTimestampAntiLeech } from "@/server/emulator/fusion";
import { fusionOptionsFromEnv, resolveFusionOptions } from "@/server/emulator/fusion/options";
import { ASSETS, PHOTOS, startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(async () => h?.close());

describe("anti-leech", () => {
  it("finds keys by domain, by bucket name, or for every domain", async () => {
    h = await startHarness({ antiLeech: { [PHOTOS]: "k-photos" } });
    expect(h.fusion.antiLeechKey(PHOTOS)).toBe("k-photos");
    expect(h.fusion.antiLeechKey(ASSETS)).toBeUndefined();
    await h.close();
    h = await startHarness({ env: { EMULATOR_CDN_ANTILEECH: "assets=k-assets,*=k-any" } });
    expect(h.fusion.antiLeechKey(ASSETS)).toBe("k-assets");
    expect(h.fusion.antiLeechKey(PHOTOS)).toBe("k-any");
  });

  it("verifies the published vector on the raw path and rejects expired or altered links", () => {
    const key = "9388f4ba63b89bba5b9b84aa70a92eaac099d39b";
    const target = "/DIR1/%E4%B8%AD%E6%96%87/vodfile.mp4?v=1.2&sign=b4b7f94dd7817ce0283b5491861c3936&t=55bb9b80";
    expect(checkTimestampAntiLeech(key, target, 1438358400 - 10)).toEqual({ ok: true });
    expect(checkTimestampAntiLeech(key, target, 1438358401)).toEqual({ ok: false, reason: "expired" });
    expect(checkTimestampAntiLeech(key, target.replace("DIR1", "DIR2"), 0)).toEqual({ ok: false, reason: "mismatch" });
    expect(checkTimestampAntiLeech(key, "/DIR1/a.mp4", 0)).toEqual({ ok: false, reason: "missing" });
  });
});

describe("options", () => {
  it("reads quotas, limits, oversea ranges and the task delay from the environment; options win", () => {
    const env = {
      EMULATOR_CDN_QUOTAS: "url=20,dir=2",
      EMULATOR_CDN_LIMITS: "url=5",
      EMULATOR_CDN_OVERSEA_CIDRS: "127.0.0.2/32",
      EMULATOR_CDN_TASK_DELAY_MS: "0",
    };
    const o = resolveFusionOptions({ env, quotas: { prefetchPerDay: 7, dirRefreshPerDay: 3 } });
    expect(o.quotas).toEqual({ urlRefreshPerDay: 20, dirRefreshPerDay: 3, prefetchPerDay: 7 });
    expect(o.limits).toEqual({ urlsPerRequest: 5, dirsPerRequest: 10, prefetchUrlsPerRequest: 60 });
    expect(o.overseaCidrs).toEqual(["127.0.0.2/32"]);
    expect(o.taskDelayMs).toBe(0);
  });

  it("names the variable when a value is malformed", () => {
    expect(() => fusionOptionsFromEnv({ EMULATOR_CDN_QUOTAS: "url=lots" })).toThrow(/EMULATOR_CDN_QUOTAS/);
    expect(() => fusionOptionsFromEnv({ EMULATOR_CDN_QUOTAS: "urls=5" })).toThrow(/unknown name "urls"/);
    expect(() => fusionOptionsFromEnv({ EMULATOR_CDN_ANTILEECH: "nokey" })).toThrow(/EMULATOR_CDN_ANTILEECH/);
  });

  it("classifies a configured loopback address as oversea", async () => {
    h = await startHarness({ overseaCidrs: ["127.0.0.2/32"] });
    h.record({ time: h.clock.now, ip: "127.0.0.2", bytes: 5 });
    h.record({ time: h.clock.now, ip: "127.0.0.1", bytes: 7 });
    const r = await h.call("/v2/tune/flux", { domains: PHOTOS, startDate: "2024-03-01", endDate: "2024-03-01", granularity: "day" });
    expect((r.body.data as Record<string, unknown>)[PHOTOS]).toEqual({ china: [7], oversea: [5] });
  });
});
