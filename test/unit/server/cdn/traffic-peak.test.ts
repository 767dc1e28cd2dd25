// Peak and 95th percentile are one figure, from the chosen domains' combined 5-minute bandwidth, whatever the chart's
// granularity; "today" is compared with yesterday up to the same time and nothing after now is returned. Through the
// real QiniuClient against the emulated Fusion service (harness), with two domains busiest at different moments.
import { afterEach, describe, expect, it } from "vitest";
import { combine, total } from "@/lib/cdn/stats";
import { QiniuClient } from "@/lib/qiniu/client";
import { trafficReport } from "@/server/cdn/traffic";
import { AK, ASSETS, NOON, PHOTOS, SK, startHarness, type Harness } from "../emulator/fusion/harness";

let h: Harness;
afterEach(async () => h?.close());

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const clientFor = (base: string) =>
  new QiniuClient({ accessKey: AK, secretKey: SK, hosts: { up: base, io: base, rs: base, rsf: base, api: base, uc: base, fusion: base }, retries: 0 });

describe("peak bandwidth and p95", () => {
  it("are the same at 5 minutes, per hour and per day when each domain peaks at another moment", async () => {
    h = await startHarness();
    // 2024-03-01, Beijing time: photos is busiest at 10:00, assets at 10:30; both in the same hour and day.
    h.record({ time: NOON - 2 * HOUR + MIN, domain: PHOTOS, bytes: 300_000 });
    h.record({ time: NOON - 90 * MIN + MIN, domain: ASSETS, bucket: "assets", bytes: 300_000 });
    h.record({ time: NOON - 3 * HOUR, domain: PHOTOS, bytes: 30_000 });
    const client = clientFor(h.base);
    const range = { startDate: "2024-03-01", endDate: "2024-03-01" };
    const later = NOON + 2 * DAY; // the range is over: nothing is cut
    const reports = await Promise.all((["5min", "hour", "day"] as const).map((g) => trafficReport(client, [PHOTOS, ASSETS], range, g, later)));
    for (const r of reports) {
      // 300 000 bytes in 5 minutes = 8000 bps; adding each domain's own peak would say 16 000.
      expect(r.summary.bandwidth.peak).toEqual({ value: 8000, time: "2024-03-01 10:00:00" });
      expect(r.summary.bandwidth.p95).toBe(reports[0].summary.bandwidth.p95);
      expect(r.summary.flux.total).toBe(630_000);
      expect(r.cutAt).toBeNull();
    }
    expect(reports.map((r) => r.bandwidthKind)).toEqual(["5min", "average", "average"]);
    // The hourly chart draws averages, which add up: the 10:00 hour carried 600 000 bytes = 1333.3 bps on average.
    const hour = reports[1];
    const at10 = hour.bandwidth.time.indexOf("2024-03-01 10:00:00");
    expect(combine(hour.bandwidth, [PHOTOS, ASSETS])[at10]).toBeCloseTo((600_000 * 8) / 3600, 6);
  });
});

describe("today", () => {
  it("is compared with yesterday up to the same time, and has no points after now", async () => {
    h = await startHarness();
    h.record({ time: NOON - HOUR, bytes: 1000 }); // today 11:00
    h.record({ time: NOON - DAY - HOUR, bytes: 400 }); // yesterday 11:00: before the same time, counted
    h.record({ time: NOON - DAY + 3 * HOUR, bytes: 5000 }); // yesterday 15:00: after it, not counted
    const client = clientFor(h.base);
    const today = { startDate: "2024-03-01", endDate: "2024-03-01" };
    for (const g of ["5min", "hour"] as const) {
      const r = await trafficReport(client, [PHOTOS], today, g, NOON);
      expect(r.cutAt).toBe("2024-03-01 12:00:00");
      expect(r.previous.cutAt).toBe("2024-02-29 12:00:00");
      expect(r.flux.time.at(-1)).toBe("2024-03-01 12:00:00");
      expect(r.bandwidth.time.at(-1)).toBe("2024-03-01 12:00:00");
      expect(total(combine(r.flux, [PHOTOS]))).toBe(1000);
      expect(r.previous.flux.total).toBe(400);
    }
  });
});
