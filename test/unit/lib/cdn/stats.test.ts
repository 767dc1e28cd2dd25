import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  beijingDay,
  changeRatio,
  combine,
  daysInRange,
  downsample,
  downsampleTimes,
  mergeSeries,
  peak,
  percentile95,
  planRequests,
  presetRange,
  previousPeriod,
  rangeProblem,
  seriesCsv,
  splitRange,
  total,
} from "@/lib/cdn/stats";

describe("percentile95", () => {
  it("drops the top 5 % of points and takes the highest remaining one", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100
    expect(percentile95(values)).toBe(95);
    expect(percentile95([...values].reverse())).toBe(95);
    expect(percentile95([7])).toBe(7);
    expect(percentile95([])).toBe(0);
    // 19 points: 5 % is 0.95, rounded down to nothing dropped.
    expect(percentile95(Array.from({ length: 19 }, (_, i) => i))).toBe(18);
  });

  it("ignores a short burst that 95th-percentile billing forgives", () => {
    const month = new Array(8640).fill(1_000_000);
    for (let i = 0; i < 432; i++) month[i * 20] = 50_000_000; // 432 five-minute spikes = exactly 5 %
    expect(percentile95(month)).toBe(1_000_000);
    month[1] = 50_000_000; // one more spike than is forgiven
    expect(percentile95(month)).toBe(50_000_000);
  });

  it("never exceeds the peak nor falls below the minimum", () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 500 }), (xs) => {
        const p = percentile95(xs);
        expect(p).toBeLessThanOrEqual(Math.max(...xs));
        expect(p).toBeGreaterThanOrEqual(Math.min(...xs));
      }),
    );
  });
});

describe("peak", () => {
  it("gives the highest value and the time it first occurs", () => {
    expect(peak([3, 9, 2, 9], ["a", "b", "c", "d"])).toEqual({ value: 9, time: "b" });
    expect(peak([], [])).toEqual({ value: 0, time: null });
    expect(peak([0, 0], ["a", "b"])).toEqual({ value: 0, time: "a" });
  });
});

describe("downsample", () => {
  it("sums flux per bucket so that the drawn total equals the exact total", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1e9 }), { maxLength: 3000 }), fc.integer({ min: 1, max: 800 }), (xs, max) => {
        const out = downsample(xs, max, "sum");
        expect(out.length).toBeLessThanOrEqual(Math.max(max, xs.length === 0 ? 0 : 1));
        expect(total(out)).toBe(total(xs));
      }),
    );
  });

  it("keeps bandwidth peaks visible with the max of each bucket", () => {
    const xs = new Array(8640).fill(10);
    xs[4321] = 999;
    const out = downsample(xs, 500, "max");
    expect(out.length).toBeLessThanOrEqual(500);
    expect(Math.max(...out)).toBe(999);
    expect(downsample([1, 2, 3], 10, "max")).toEqual([1, 2, 3]);
  });

  it("labels each bucket with its first time point", () => {
    expect(downsampleTimes(["a", "b", "c", "d", "e"], 2)).toEqual(["a", "d"]);
    expect(downsample([1, 2, 3, 4, 5], 2, "sum")).toEqual([6, 9]);
  });
});

describe("ranges and request planning", () => {
  it("computes presets, previous periods and Beijing today", () => {
    expect(presetRange("today", "2024-03-01")).toEqual({ startDate: "2024-03-01", endDate: "2024-03-01" });
    expect(presetRange("7d", "2024-03-01")).toEqual({ startDate: "2024-02-24", endDate: "2024-03-01" });
    expect(daysInRange(presetRange("30d", "2024-03-01"))).toBe(30);
    expect(previousPeriod({ startDate: "2024-02-24", endDate: "2024-03-01" })).toEqual({ startDate: "2024-02-17", endDate: "2024-02-23" });
    expect(beijingDay(Date.UTC(2024, 2, 1, 16, 30))).toBe("2024-03-02");
    expect(addDays("2024-02-28", 2)).toBe("2024-03-01");
  });

  it("splits long ranges into 31-day calls and many domains into groups of 50", () => {
    expect(splitRange({ startDate: "2024-01-01", endDate: "2024-03-31" })).toEqual([
      { startDate: "2024-01-01", endDate: "2024-01-31" },
      { startDate: "2024-02-01", endDate: "2024-03-02" },
      { startDate: "2024-03-03", endDate: "2024-03-31" },
    ]);
    const domains = Array.from({ length: 120 }, (_, i) => `d${i}.com`);
    const plan = planRequests(domains, { startDate: "2024-01-01", endDate: "2024-02-15" });
    expect(plan).toHaveLength(6);
    expect(plan.every((p) => p.domains.length <= 50 && daysInRange(p) <= 31)).toBe(true);
    expect(new Set(plan.flatMap((p) => p.domains)).size).toBe(120);
  });

  it("refuses ranges the console will not fetch, and says why", () => {
    const today = "2024-03-01";
    expect(rangeProblem({ startDate: "2024-02-01", endDate: "2024-03-01" }, "5min", today)).toBeNull();
    expect(rangeProblem({ startDate: "2024-01-01", endDate: "2024-03-01" }, "5min", today)).toBe("tooLong");
    expect(rangeProblem({ startDate: "2024-01-01", endDate: "2024-03-01" }, "hour", today)).toBeNull();
    expect(rangeProblem({ startDate: "2024-03-02", endDate: "2024-03-01" }, "day", today)).toBe("endBeforeStart");
    expect(rangeProblem({ startDate: "2024-03-05", endDate: "2024-03-06" }, "day", today)).toBe("future");
    expect(rangeProblem({ startDate: "2024-02-30", endDate: "2024-03-01" }, "day", today)).toBe("invalid");
  });
});

describe("merging and export", () => {
  it("merges windows and domain groups into one series with every chosen domain", () => {
    const a = { time: ["2024-01-01 00:00:00", "2024-01-02 00:00:00"], data: { "x.com": { china: [1, 2], oversea: [0, 1] } } };
    const b = { time: ["2024-01-03 00:00:00"], data: { "x.com": { china: [5], oversea: [0] } } };
    const c = { time: a.time, data: { "y.com": { china: [7, 0], oversea: [0, 0] } } };
    const merged = mergeSeries([b, a, c], ["x.com", "y.com", "z.com"]);
    expect(merged.time).toEqual(["2024-01-01 00:00:00", "2024-01-02 00:00:00", "2024-01-03 00:00:00"]);
    expect(merged.data["x.com"]).toEqual({ china: [1, 2, 5], oversea: [0, 1, 0] });
    expect(merged.data["y.com"].china).toEqual([7, 0, 0]);
    expect(merged.data["z.com"]).toEqual({ china: [0, 0, 0], oversea: [0, 0, 0] });
    expect(combine(merged, ["x.com", "y.com"])).toEqual([8, 3, 5]);
    expect(combine(merged, ["x.com"], ["oversea"])).toEqual([0, 1, 0]);
  });

  it("writes one CSV row per point with a total column", () => {
    const s = { time: ["2024-01-01 00:00:00"], data: { "a,b.com": { china: [3], oversea: [4] } } };
    expect(seriesCsv(s, ["a,b.com"], "B")).toBe('time,"a,b.com china (B)","a,b.com oversea (B)",total (B)\n2024-01-01 00:00:00,3,4,7\n');
  });

  it("compares periods", () => {
    expect(changeRatio(150, 100)).toBe(0.5);
    expect(changeRatio(0, 0)).toBe(0);
    expect(changeRatio(5, 0)).toBeNull();
  });
});

describe("honest figures (issue 21)", () => {
  it("averages bandwidth from flux so that stacked domains add up, and draws buckets at their mean", async () => {
    const { averageBandwidth, downsample: ds } = await import("@/lib/cdn/stats");
    const flux = { time: ["2024-03-01 10:00:00"], data: { a: { china: [450_000], oversea: [0] }, b: { china: [0], oversea: [900_000] } } };
    const avg = averageBandwidth(flux, "hour");
    expect(avg.data.a.china[0]).toBe(1000);
    expect(avg.data.b.oversea[0]).toBe(2000);
    expect(ds([1, 3, 5, 7], 2, "mean")).toEqual([2, 6]);
  });

  it("cuts a series at now and the previous period at the same moment of its span", async () => {
    const { comparisonCut, cutSeries } = await import("@/lib/cdn/stats");
    const now = Date.UTC(2024, 2, 1, 3, 2, 0); // 11:02 Beijing
    expect(comparisonCut({ startDate: "2024-03-01", endDate: "2024-03-01" }, now)).toEqual({ current: "2024-03-01 11:02:00", previous: "2024-02-29 11:02:00" });
    expect(comparisonCut({ startDate: "2024-02-24", endDate: "2024-03-01" }, now).previous).toBe("2024-02-23 11:02:00");
    expect(comparisonCut({ startDate: "2024-02-01", endDate: "2024-02-28" }, now)).toEqual({ current: null, previous: null });
    const s = { time: ["2024-03-01 10:00:00", "2024-03-01 11:00:00", "2024-03-01 12:00:00"], data: { a: { china: [1, 2, 3], oversea: [0, 0, 0] } } };
    expect(cutSeries(s, "2024-03-01 11:02:00")).toEqual({ time: s.time.slice(0, 2), data: { a: { china: [1, 2], oversea: [0, 0] } } });
  });
});
