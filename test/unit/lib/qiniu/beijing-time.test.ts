import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Clock } from "@/server/emulator/fusion/time";
import { beijingCompact, beijingDay, beijingDayStart, beijingToDate, toBeijingPoint } from "@/lib/qiniu/beijing-time";

describe("Beijing time (Qiniu's API clock, UTC+8)", () => {
  it("reads Fusion time points and days as instants", () => {
    expect(beijingToDate("2024-03-01 12:05:00")?.toISOString()).toBe("2024-03-01T04:05:00.000Z");
    expect(beijingToDate("2024-03-01 00:00")?.toISOString()).toBe("2024-02-29T16:00:00.000Z");
    expect(beijingToDate("2024-03-01")?.toISOString()).toBe("2024-02-29T16:00:00.000Z");
    expect(beijingToDate("yesterday")).toBeNull();
  });

  it("writes instants as Beijing wall-clock times, days and Kodo statistics stamps", () => {
    const at = Date.parse("2026-12-04T17:30:00Z"); // 01:30 on the 5th in Beijing
    expect(toBeijingPoint(at)).toBe("2026-12-05 01:30:00");
    expect(beijingDay(at)).toBe("2026-12-05");
    expect(beijingCompact(at)).toBe("20261205013000");
    expect(new Date(beijingDayStart(at)).toISOString()).toBe("2026-12-04T16:00:00.000Z");
  });

  it("round-trips every second", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (s) => {
        expect(beijingToDate(toBeijingPoint(s * 1000))?.getTime()).toBe(s * 1000);
      }),
      { seed: 21, numRuns: 300 },
    );
  });

  it("agrees with the emulator's Fusion clock, both ways", () => {
    const clock = new Clock(480);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800 }), (s) => {
        const ms = s * 1000;
        expect(beijingToDate(clock.point(ms))?.getTime()).toBe(ms);
        expect(clock.parse(toBeijingPoint(ms))).toBe(ms);
        expect(beijingDay(ms)).toBe(clock.day(ms));
      }),
      { seed: 8, numRuns: 300 },
    );
  });
});
