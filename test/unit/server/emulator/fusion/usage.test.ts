import { afterEach, describe, expect, it } from "vitest";
import { ASSETS, NOON, PHOTOS, startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(async () => h?.close());

type Usage = { code: number; time: string[]; data: Record<string, { china: number[]; oversea: number[] }> };
const flux = async (body: Record<string, unknown>) => (await h.call("/v2/tune/flux", body)).body as unknown as Usage;
const bandwidth = async (body: Record<string, unknown>) => (await h.call("/v2/tune/bandwidth", body)).body as unknown as Usage;
const MIN = 60_000;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("flux", () => {
  it("answers one point per 5 minutes of each day with china/oversea arrays for domains with traffic only", async () => {
    h = await startHarness();
    h.record({ time: NOON, bytes: 1000, ip: "127.0.0.1" });
    h.record({ time: NOON + 2 * MIN, bytes: 500, ip: "::ffff:127.0.0.1" });
    h.record({ time: NOON + 7 * MIN, bytes: 300, ip: "203.0.113.9" });
    const r = await flux({ domains: `${PHOTOS};${ASSETS}`, startDate: "2024-03-01", endDate: "2024-03-01", granularity: "5min" });
    expect(r.code).toBe(200);
    expect(r.time).toHaveLength(288);
    expect(r.time[0]).toBe("2024-03-01 00:00:00");
    expect(r.time[144]).toBe("2024-03-01 12:00:00");
    expect(Object.keys(r.data)).toEqual([PHOTOS]);
    expect(r.data[PHOTOS].china[144]).toBe(1500);
    expect(r.data[PHOTOS].oversea[145]).toBe(300);
    expect(sum(r.data[PHOTOS].china)).toBe(1500);
    expect(sum(r.data[PHOTOS].oversea)).toBe(300);
  });

  it("sums the same traffic at hour and day granularity, start and end days included", async () => {
    h = await startHarness();
    h.record({ time: NOON, bytes: 1000 });
    h.record({ time: NOON + 50 * MIN, bytes: 200 });
    h.record({ time: NOON + 24 * 60 * MIN, bytes: 4000 }); // next day, same hour
    const hour = await flux({ domains: PHOTOS, startDate: "2024-03-01", endDate: "2024-03-02", granularity: "hour" });
    expect(hour.time).toHaveLength(48);
    expect(hour.data[PHOTOS].china[12]).toBe(1200);
    expect(hour.data[PHOTOS].china[36]).toBe(4000);
    const day = await flux({ domains: PHOTOS, startDate: "2024-03-01", endDate: "2024-03-02", granularity: "day" });
    expect(day.time).toEqual(["2024-03-01 00:00:00", "2024-03-02 00:00:00"]);
    expect(day.data[PHOTOS].china).toEqual([1200, 4000]);
  });

  it("accepts start and end with a time of day", async () => {
    h = await startHarness();
    h.record({ time: NOON + 10 * MIN, bytes: 10 });
    h.record({ time: NOON - 10 * MIN, bytes: 99 });
    const r = await flux({ domains: PHOTOS, startDate: "2024-03-01 12:00:00", endDate: "2024-03-01 13:00:00", granularity: "5min" });
    expect(r.time).toHaveLength(13);
    expect(sum(r.data[PHOTOS].china)).toBe(10);
  });

  it("reports date and parameter errors with Qiniu's codes", async () => {
    h = await startHarness();
    const code = async (b: Record<string, unknown>) => (await flux({ domains: PHOTOS, granularity: "day", ...b })).code;
    expect(await code({ startDate: "2024-13-01", endDate: "2024-03-01" })).toBe(400080);
    expect(await code({ startDate: "2024-02-30", endDate: "2024-03-01" })).toBe(400080);
    expect(await code({ startDate: "2024-03-01", endDate: "03/02/2024" })).toBe(400081);
    expect(await code({ startDate: "2024-03-02", endDate: "2024-03-01" })).toBe(400081);
    expect(await code({ startDate: "2024-01-01", endDate: "2024-02-01" })).toBe(400082);
    expect(await code({ startDate: "2024-01-01", endDate: "2024-01-31" })).toBe(200);
    expect(await code({ startDate: "2024-01-01", endDate: "2024-01-01", granularity: "1min" })).toBe(400083);
    expect(await code({ startDate: "2024-01-01", endDate: "2024-01-01", domains: "nope.example.com" })).toBe(400032);
    const many = Array.from({ length: 51 }, (_, i) => `d${i}.example.com`).join(";");
    expect(await code({ startDate: "2024-01-01", endDate: "2024-01-01", domains: many })).toBe(400084);
    const r = await h.call("/v2/tune/flux", { domains: PHOTOS, startDate: "x", endDate: "2024-01-01", granularity: "day" });
    expect(r.status).toBe(400);
  });

  it("covers 31 days at 5 minutes (8928 points) per domain", async () => {
    h = await startHarness();
    h.record({ time: NOON, bytes: 7 });
    const r = await flux({ domains: PHOTOS, startDate: "2024-02-01", endDate: "2024-03-02", granularity: "5min" });
    expect(r.time).toHaveLength(31 * 288);
    expect(sum(r.data[PHOTOS].china)).toBe(7);
  });
});

describe("bandwidth", () => {
  it("gives bits per second of each 5 minutes, and the peak 5 minutes at coarser granularity", async () => {
    h = await startHarness();
    h.record({ time: NOON, bytes: 300_000 });
    h.record({ time: NOON + 5 * MIN, bytes: 600_000 });
    h.record({ time: NOON + 6 * MIN, bytes: 150_000 });
    const fine = await bandwidth({ domains: PHOTOS, startDate: "2024-03-01", endDate: "2024-03-01", granularity: "5min" });
    expect(fine.data[PHOTOS].china.slice(144, 147)).toEqual([8000, 20000, 0]);
    const hour = await bandwidth({ domains: PHOTOS, startDate: "2024-03-01", endDate: "2024-03-01", granularity: "hour" });
    expect(hour.data[PHOTOS].china[12]).toBe(20000);
    expect(sum(hour.data[PHOTOS].china)).toBe(20000);
  });

  it("treats 302 types as valid and empty, unknown types as invalid", async () => {
    h = await startHarness();
    h.record({ time: NOON, bytes: 10 });
    const base = { domains: PHOTOS, startDate: "2024-03-01", endDate: "2024-03-01", granularity: "day" };
    expect((await bandwidth({ ...base, type: "302bandwidth" })).data).toEqual({});
    expect((await bandwidth({ ...base, type: "nope" })).code).toBe(400000);
  });
});
