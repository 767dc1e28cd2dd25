// The console's CDN reading code (server/cdn) through the real QiniuClient against the emulated Fusion service
// on loopback: requests split within Qiniu's limits, merged series, quota counting, log-analysis report.
import { afterEach, describe, expect, it } from "vitest";
import { QiniuClient } from "@/lib/qiniu/client";
import { beijingDay, addDays, total, combine } from "@/lib/cdn/stats";
import { analysisReport } from "@/server/cdn/analysis-report";
import { currentQuota, rememberPrefetchQuota, rememberRefreshQuota } from "@/server/cdn/quota";
import { fetchSeries, trafficReport } from "@/server/cdn/traffic";
import { AK, ASSETS, PHOTOS, SK, startHarness, type Harness } from "../emulator/fusion/harness";

let h: Harness;
afterEach(async () => h?.close());

const DAY = 86_400_000;
function clientFor(base: string): QiniuClient {
  const hosts = { up: base, io: base, rs: base, rsf: base, api: base, uc: base, fusion: base };
  return new QiniuClient({ accessKey: AK, secretKey: SK, hosts, retries: 0 });
}

describe("traffic reports", () => {
  it("fetches 40 days in two calls and merges them into one exact series with the previous period", async () => {
    h = await startHarness();
    const now = Date.now();
    h.clock.now = now;
    const today = beijingDay(now);
    h.record({ time: now - 1000, bytes: 700 });
    h.record({ time: now - 35 * DAY, bytes: 300 });
    h.record({ time: now - 45 * DAY, bytes: 50 }); // previous period
    h.record({ time: now - 36 * DAY, domain: ASSETS, bytes: 11 });
    const client = clientFor(h.base);
    const range = { startDate: addDays(today, -39), endDate: today };
    const flux = await fetchSeries(client, "flux", [PHOTOS, ASSETS], range, "day");
    expect(flux.time).toHaveLength(40);
    expect(flux.time[0]).toBe(`${range.startDate} 00:00:00`);
    expect(total(combine(flux, [PHOTOS]))).toBe(1000);
    expect(total(combine(flux, [ASSETS]))).toBe(11);

    const report = await trafficReport(client, [PHOTOS], range, "day");
    expect(report.previous.range).toEqual({ startDate: addDays(today, -79), endDate: addDays(today, -40) });
    expect(report.previous.flux.total).toBe(50);
    expect(report.bandwidth.data[PHOTOS].china.some((v) => v > 0)).toBe(true);
  });
});

describe("quota", () => {
  it("counts today's tasks against the quotas Qiniu last reported", async () => {
    h = await startHarness({ quotas: { urlRefreshPerDay: 300 } });
    h.clock.now = Date.now();
    const client = clientFor(h.base);
    const refresh = await client.cdnRefresh({ urls: [`http://${PHOTOS}/a.jpg`, `http://${PHOTOS}/b.jpg`], dirs: [`http://${PHOTOS}/d/`] });
    const prefetch = await client.cdnPrefetch([`http://${PHOTOS}/a.jpg`]);
    const counted = await currentQuota(client, h.clock.now + 2 * DAY); // another day: nothing remembered yet
    expect(counted.source).toBe("counted");

    rememberRefreshQuota(refresh, h.clock.now);
    rememberPrefetchQuota(prefetch, h.clock.now);
    const q = await currentQuota(client, h.clock.now);
    expect(q).toEqual({ urlQuota: 300, urlRemaining: 298, dirQuota: 10, dirRemaining: 9, prefetchQuota: 100, prefetchRemaining: 99, source: "reported" });
  });
});

describe("analysis report", () => {
  it("cuts ranges to 31 days and adds up hits, codes and top lists", async () => {
    h = await startHarness();
    const now = Date.now();
    h.clock.now = now;
    const today = beijingDay(now);
    h.record({ time: now - 1000, url: "/a.jpg", ip: "192.0.2.1", bytes: 10 });
    h.record({ time: now - 900, url: "/a.jpg", ip: "192.0.2.1", bytes: 10 });
    h.record({ time: now - 800, url: "/gone", ip: "192.0.2.2", status: 404, bytes: 5 });
    const r = await analysisReport(clientFor(h.base), [PHOTOS], { startDate: addDays(today, -40), endDate: today });
    expect(r.limited).toBe(true);
    expect(r.range).toEqual({ startDate: addDays(today, -30), endDate: today });
    expect(r.freq).toBe("1day");
    expect(total(r.hit)).toBe(1);
    expect(total(r.miss)).toBe(2);
    expect(total(r.requests)).toBe(3);
    expect(r.codes).toEqual({ "200": 2, "404": 1 });
    expect(r.topUrlsByCount).toEqual({ keys: [`http://${PHOTOS}/a.jpg`, `http://${PHOTOS}/gone`], values: [2, 1] });
    expect(r.topIpsByTraffic.keys[0]).toBe("192.0.2.1");
  });
});
