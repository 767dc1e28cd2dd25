import { describe, expect, it } from "vitest";
import { pointLabel, pointTitle } from "@/lib/cdn/format";

describe("CDN chart time labels", () => {
  it("shows Fusion's Beijing time points in the display time zone", () => {
    // 12:05 in Beijing is 04:05 UTC and 23:05 the day before in New York (EST, UTC-5).
    expect(pointLabel("2024-03-01 12:05:00", false, "en", "Asia/Shanghai")).toBe("03-01 12:05");
    expect(pointLabel("2024-03-01 12:05:00", false, "en", "UTC")).toBe("03-01 04:05");
    expect(pointLabel("2024-03-01 12:05:00", false, "zh-CN", "America/New_York")).toBe("02-29 23:05");
    expect(pointTitle("2024-03-01 12:05:00", false, "zh-CN", "UTC")).toBe("2024/03/01 04:05");
    expect(pointLabel("2024-03-01-12-05", false, "en", "Asia/Shanghai")).toBe("03-01 12:05");
  });

  it("keeps whole days as Qiniu's Beijing calendar days", () => {
    expect(pointLabel("2024-03-01 00:00:00", true, "en", "America/New_York")).toBe("03-01");
    expect(pointTitle("2024-03-01 00:00:00", true, "en", "UTC")).toBe("2024-03-01");
    expect(pointLabel("not a time", false, "en", "UTC")).toBe("not a time");
  });
});

describe("log-analysis points", () => {
  it("reads `2006-01-02-15-04` points as Beijing times too", () => {
    expect(pointTitle("2024-03-01-12-05", false, "en", "UTC")).toBe("2024-03-01 04:05");
  });
});
