import { describe, expect, it } from "vitest";
import { formatBps, formatBytes, formatPercent, shortPoint } from "@/lib/cdn/format";

describe("CDN figures", () => {
  it("formats traffic in binary and bandwidth in decimal units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.50 KB");
    expect(formatBytes(5 * 1024 ** 3)).toBe("5.00 GB");
    expect(formatBps(8000)).toBe("8.00 Kbps");
    expect(formatBps(123_456_789)).toBe("123 Mbps");
    expect(formatPercent(0.1234)).toBe("12.3%");
  });

  it("shortens time points for axis labels", () => {
    expect(shortPoint("2024-03-01 12:05:00")).toBe("03-01 12:05");
    expect(shortPoint("2024-03-01 00:00:00", true)).toBe("03-01");
    expect(shortPoint("2024-03-01-12-05")).toBe("03-01 12:05");
  });
});
