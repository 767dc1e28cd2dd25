import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatLocalTime, putTimeToDate } from "@/lib/buckets/format";

describe("display formats", () => {
  it("shows sizes in human units with 1024 steps", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(12.34 * 1024 * 1024)).toBe("12.3 MB");
    expect(formatBytes(512 * 1024 ** 3)).toBe("512 GB");
    expect(formatBytes(5 * 1024 ** 5)).toBe("5 PB");
    expect(formatBytes(-1)).toBe("—");
  });

  it("shows fractional byte counts (transfer rates) as whole bytes and never a 4-digit count of a unit", () => {
    expect(formatBytes(857.1428571428571)).toBe("857 B");
    expect(formatBytes(0.4)).toBe("0 B");
    expect(formatBytes(1023.6)).toBe("1 KB");
    expect(formatBytes(1024 * 1024 - 1)).toBe("1 MB");
    expect(formatBytes(1000.5 * 1024)).toBe("1001 KB");
  });

  it("converts Qiniu putTime (100 ns units) to a date", () => {
    expect(putTimeToDate(17_000_000_000_000_000).toISOString()).toBe("2023-11-14T22:13:20.000Z");
  });

  it("formats local time in the given zone and language", () => {
    const d = new Date("2026-11-24T05:06:07Z");
    expect(formatLocalTime(d, "zh-CN", "Asia/Shanghai")).toBe("2026/11/24 13:06:07");
    expect(formatLocalTime(d, "en", "UTC")).toContain("05:06:07");
    expect(formatCount(20000, "en")).toBe("20,000");
  });
});
