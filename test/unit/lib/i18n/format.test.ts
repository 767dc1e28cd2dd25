import { describe, expect, it } from "vitest";
import {
  formatBps,
  formatBytes,
  formatDate,
  formatDuration,
  formatNumber,
  formatPercent,
  formatRelative,
  formatSpeed,
  isTimeZone,
  timeZoneLabel,
  timeZoneOffsetMinutes,
  zonedTimeToDate,
} from "@/lib/i18n/format";

describe("sizes, speeds and bandwidth", () => {
  it("shows sizes in 1024 steps with three significant digits at most", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1023 B");
    expect(formatBytes(1024)).toBe("1 KB");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(12.34 * 1024 * 1024)).toBe("12.3 MB");
    expect(formatBytes(512 * 1024 ** 3)).toBe("512 GB");
    expect(formatBytes(5 * 1024 ** 5)).toBe("5 PB");
    expect(formatBytes(1536, 2)).toBe("1.5 KB");
    expect(formatBytes(1.2345 * 1024 ** 2, 2)).toBe("1.23 MB");
    expect(formatBytes(-1)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
  });

  it("shows fractional byte counts (rates) as whole bytes and never a 4-digit count of a unit", () => {
    expect(formatBytes(857.1428571428571)).toBe("857 B");
    expect(formatBytes(0.4)).toBe("0 B");
    expect(formatBytes(1023.6)).toBe("1 KB");
    expect(formatBytes(1024 * 1024 - 1)).toBe("1 MB");
    expect(formatBytes(1000.5 * 1024)).toBe("1001 KB");
  });

  it("shows speeds per second and bandwidth in decimal bits", () => {
    expect(formatSpeed(1.5 * 1024 * 1024)).toBe("1.5 MB/s");
    expect(formatSpeed(-1)).toBe("—");
    expect(formatBps(512)).toBe("512 bps");
    expect(formatBps(8000)).toBe("8 Kbps");
    expect(formatBps(1_040_000)).toBe("1.04 Mbps");
    expect(formatBps(123_456_789)).toBe("123 Mbps");
    expect(formatBps(999_999)).toBe("1 Mbps");
  });
});

describe("numbers, percentages and durations", () => {
  it("groups numbers in both languages", () => {
    expect(formatNumber(20000, "en")).toBe("20,000");
    expect(formatNumber(20000, "zh-CN")).toBe("20,000");
    expect(formatNumber(1.25, "en", 1)).toBe("1.3");
    expect(formatNumber(Number.POSITIVE_INFINITY, "en")).toBe("—");
  });

  it("shows ratios as percentages", () => {
    expect(formatPercent(0.1234)).toBe("12.3%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0.5, 0)).toBe("50%");
  });

  it("formats seconds as m:ss or h:mm:ss", () => {
    expect(formatDuration(0)).toBe("0:00");
    expect(formatDuration(45)).toBe("0:45");
    expect(formatDuration(725)).toBe("12:05");
    expect(formatDuration(3723)).toBe("1:02:03");
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(-1)).toBe("—");
  });
});

describe("dates and times in the display time zone", () => {
  const at = new Date("2026-11-24T17:06:07Z");

  it("has one format family per language, in the zone asked for", () => {
    expect(formatDate(at, "zh-CN", "Asia/Shanghai")).toBe("2026/11/25 01:06:07");
    expect(formatDate(at, "en", "Asia/Shanghai")).toBe("2026-11-25 01:06:07");
    expect(formatDate(at, "en", "UTC")).toBe("2026-11-24 17:06:07");
    expect(formatDate(at, "en", "America/Los_Angeles")).toBe("2026-11-24 09:06:07");
    expect(formatDate(at, "zh-CN", "UTC", "date")).toBe("2026/11/24");
    expect(formatDate(at, "en", "UTC", "time")).toBe("17:06:07");
    expect(formatDate(at, "en", "UTC", "minute")).toBe("2026-11-24 17:06");
    expect(formatDate("2026-11-24T00:00:00Z", "en", "UTC", "time")).toBe("00:00:00");
    expect(formatDate("not a date", "en", "UTC")).toBe("—");
    expect(formatDate(at, "en", "Mars/Olympus")).toBe("—");
  });

  it("labels zones by their offset at that instant", () => {
    expect(timeZoneLabel("Asia/Shanghai", at)).toBe("UTC+8");
    expect(timeZoneLabel("UTC", at)).toBe("UTC");
    expect(timeZoneLabel("Asia/Kolkata", at)).toBe("UTC+5:30");
    expect(timeZoneLabel("America/New_York", new Date("2026-07-01T12:00:00Z"))).toBe("UTC-4");
    expect(timeZoneLabel("America/New_York", new Date("2026-01-01T12:00:00Z"))).toBe("UTC-5");
    expect(timeZoneOffsetMinutes("Asia/Shanghai", at)).toBe(480);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });

  it("reads a typed wall-clock time in the display zone, across daylight-saving changes", () => {
    expect(zonedTimeToDate("2030-01-02T03:04", "Asia/Shanghai")?.toISOString()).toBe("2030-01-01T19:04:00.000Z");
    expect(zonedTimeToDate("2030-01-02", "UTC")?.toISOString()).toBe("2030-01-02T00:00:00.000Z");
    expect(zonedTimeToDate("2026-07-01T12:00", "America/New_York")?.toISOString()).toBe("2026-07-01T16:00:00.000Z");
    expect(zonedTimeToDate("2026-01-01T12:00", "America/New_York")?.toISOString()).toBe("2026-01-01T17:00:00.000Z");
    expect(zonedTimeToDate("tomorrow", "UTC")).toBeNull();
  });

  it("says how long ago or ahead, in each language", () => {
    const now = Date.parse("2026-12-04T12:00:00Z");
    expect(formatRelative(now - 5 * 60_000, "en", now)).toBe("5 minutes ago");
    expect(formatRelative(now - 60_000, "en", now)).toBe("1 minute ago");
    expect(formatRelative(now + 3 * 3_600_000, "en", now)).toBe("in 3 hours");
    expect(formatRelative(now - 2 * 86_400_000, "zh-CN", now)).toBe("前天");
    expect(formatRelative(now - 3 * 86_400_000, "zh-CN", now)).toBe("3天前");
  });
});
