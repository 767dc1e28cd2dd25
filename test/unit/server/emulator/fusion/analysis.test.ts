import { afterEach, describe, expect, it } from "vitest";
import { ASSETS, NOON, PHOTOS, startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(async () => h?.close());

const DAY = { startDate: "2024-03-01", endDate: "2024-03-01" };
async function analyze(op: string, body: Record<string, unknown>) {
  return (await h.call(`/v2/tune/loganalyze/${op}`, body)).body;
}

function traffic() {
  h.record({ time: NOON, url: "/a.jpg", bytes: 100, ip: "192.0.2.1" });
  h.record({ time: NOON + 1, url: "/a.jpg?x=1", bytes: 100, ip: "192.0.2.1" });
  h.record({ time: NOON + 2, url: "/b.mp4", bytes: 5000, ip: "192.0.2.2" });
  h.record({ time: NOON + 3, url: "/c.png", status: 404, bytes: 20, ip: "203.0.113.5" });
  h.record({ time: NOON + 3600_000, domain: ASSETS, url: "/x.css", bytes: 70, ip: "192.0.2.1" });
}

describe("log analysis", () => {
  it("counts requests per point across the requested domains", async () => {
    h = await startHarness();
    traffic();
    const r = await analyze("reqcount", { domains: [PHOTOS, ASSETS], freq: "1hour", ...DAY });
    expect(r.code).toBe(200);
    const data = r.data as { points: string[]; reqCount: number[] };
    expect(data.points).toHaveLength(24);
    expect(data.points[12]).toBe("2024-03-01-12-00");
    expect(data.reqCount[12]).toBe(4);
    expect(data.reqCount[13]).toBe(1);
    const oversea = await analyze("reqcount", { domains: [PHOTOS], freq: "1day", region: "oversea", ...DAY });
    expect((oversea.data as { reqCount: number[] }).reqCount).toEqual([1]);
  });

  it("splits status codes per point", async () => {
    h = await startHarness();
    traffic();
    const r = await analyze("statuscode", { domains: [PHOTOS], freq: "1day", ...DAY });
    expect((r.data as { codes: Record<string, number[]> }).codes).toEqual({ "200": [3], "404": [1] });
  });

  it("ranks URLs and IPs by count and by traffic", async () => {
    h = await startHarness();
    traffic();
    const byCount = await analyze("topcounturl", { domains: [PHOTOS], region: "global", ...DAY });
    expect(byCount.data).toEqual({
      urls: [`http://${PHOTOS}/a.jpg`, `http://${PHOTOS}/b.mp4`, `http://${PHOTOS}/c.png`],
      count: [2, 1, 1],
    });
    const byTraffic = await analyze("toptrafficurl", { domains: [PHOTOS], region: "global", ...DAY });
    expect((byTraffic.data as { urls: string[] }).urls[0]).toBe(`http://${PHOTOS}/b.mp4`);
    const ips = await analyze("topcountip", { domains: [PHOTOS, ASSETS], region: "china", ...DAY });
    expect(ips.data).toEqual({ ips: ["192.0.2.1", "192.0.2.2"], count: [3, 1] });
    const ipTraffic = await analyze("toptrafficip", { domains: [PHOTOS], region: "global", ...DAY });
    expect(ipTraffic.data).toEqual({ ips: ["192.0.2.2", "192.0.2.1", "203.0.113.5"], traffic: [5000, 200, 20] });
  });

  it("uses 400331 for bad parameters and 400054 for foreign domains", async () => {
    h = await startHarness();
    expect((await analyze("reqcount", { domains: [PHOTOS], freq: "day", ...DAY })).code).toBe(400331);
    expect((await analyze("reqcount", { domains: PHOTOS, freq: "1day", startDate: "2024-01-01", endDate: "2024-03-01" })).code).toBe(400331);
    expect((await analyze("topcountip", { domains: [PHOTOS], region: "mars", ...DAY })).code).toBe(400331);
    expect((await analyze("hitmiss", { domains: ["x.example.com"], freq: "1day", ...DAY })).code).toBe(400054);
  });
});
