import { afterEach, describe, expect, it } from "vitest";
import { ASSETS, NOON, PHOTOS, startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(async () => h?.close());

const count = (sql: string, ...args: unknown[]) => (h.ctx.db.prepare(sql).get(...args) as { n: number }).n;

describe("seeded history", () => {
  it("adds 30 days of seeded traffic once per domain, visible in flux, logs and analysis", async () => {
    h = await startHarness();
    h.record({ time: NOON, url: "/real.jpg" });
    h.fusion.seedHistory([PHOTOS], 30);
    const seeded = count("SELECT COUNT(*) AS n FROM fusion_traffic WHERE domain = ? AND seeded = 1", PHOTOS);
    expect(seeded).toBeGreaterThan(5000);
    expect(count("SELECT COUNT(*) AS n FROM fusion_traffic WHERE seeded = 0")).toBe(1);
    expect(count("SELECT MIN(time_ms) AS n FROM fusion_traffic")).toBeGreaterThanOrEqual(NOON - 30 * 86400_000 - 300_000);
    expect(count("SELECT MAX(time_ms) AS n FROM fusion_traffic")).toBeLessThanOrEqual(NOON);

    h.fusion.seedHistory([PHOTOS, ASSETS], 30);
    expect(count("SELECT COUNT(*) AS n FROM fusion_traffic WHERE domain = ? AND seeded = 1", PHOTOS)).toBe(seeded);
    expect(count("SELECT COUNT(*) AS n FROM fusion_traffic WHERE domain = ?", ASSETS)).toBeGreaterThan(5000);

    // The roll-up agrees with the raw rows (flux totals are exact).
    const raw = count("SELECT SUM(bytes) AS n FROM fusion_traffic WHERE domain = ?", PHOTOS);
    const flux = await h.call("/v2/tune/flux", { domains: PHOTOS, startDate: "2024-01-31", endDate: "2024-03-01", granularity: "day" });
    const data = (flux.body.data as Record<string, { china: number[]; oversea: number[] }>)[PHOTOS];
    expect([...data.china, ...data.oversea].reduce((a, b) => a + b, 0)).toBe(raw);
    expect(data.oversea.some((v) => v > 0)).toBe(true);

    const logs = await h.call("/v2/tune/log/list", { day: "2024-02-20", domains: PHOTOS });
    // One file per hour, as Qiniu delivers them: the seeded day has traffic every hour.
    expect((logs.body.data as Record<string, unknown[]>)[PHOTOS]).toHaveLength(24);
  });

  it("follows a daily cycle: evenings are busier than early mornings", async () => {
    h = await startHarness();
    h.fusion.seedHistory([PHOTOS], 30);
    const r = await h.call("/v2/tune/loganalyze/reqcount", { domains: [PHOTOS], freq: "1hour", startDate: "2024-02-05", endDate: "2024-02-25" });
    const perHour = new Array(24).fill(0);
    (r.body.data as { reqCount: number[] }).reqCount.forEach((n, i) => (perHour[i % 24] += n));
    expect(perHour[21]).toBeGreaterThan(3 * perHour[4]);
  });
});
