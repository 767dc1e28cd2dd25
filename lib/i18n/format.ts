// The console's one set of display formatters: sizes, speeds, bandwidth, numbers, percentages, durations, dates and
// times in the display time zone, relative times. Pure (server and browser); client components get them bound to the
// active locale and time zone from `useFormat()` (components/i18n-provider.tsx).
import type { Locale } from "./locales";

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"] as const;
const BPS_UNITS = ["bps", "Kbps", "Mbps", "Gbps", "Tbps"] as const;

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const id = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(id);
  if (!f) numberFormats.set(id, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

/** Whole numbers and decimals with the locale's grouping (`20,000`). */
export function formatNumber(n: number, locale: Locale, maximumFractionDigits = 0): string {
  if (!Number.isFinite(n)) return "—";
  return numberFormat(locale, { maximumFractionDigits }).format(n);
}

/** 0.1234 → `12.3%` (the same in both languages). */
export function formatPercent(ratio: number, digits = 1): string {
  if (!Number.isFinite(ratio)) return "—";
  return numberFormat("en", { style: "percent", minimumFractionDigits: digits, maximumFractionDigits: digits }).format(ratio);
}

// Sizes, speeds and bandwidth print the same in both languages (Latin digits, "." decimal, no grouping below a step),
// so these take no locale and serve helpers that have only `t`.
function scaled(value: number, base: number, units: readonly string[], digits: number): string {
  const sign = value < 0 ? "-" : "";
  let v = Math.abs(value);
  let unit = 0;
  while (v >= base && unit < units.length - 1) {
    v /= base;
    unit++;
  }
  // No grouping: the value stays below the step (`1000 KB`, not `1,000 KB`).
  const digitsOf = (x: number, f: number) => numberFormat("en", { maximumFractionDigits: f, useGrouping: false }).format(x);
  if (unit === 0) return `${sign}${digitsOf(Math.round(v), 0)} ${units[0]}`;
  // Three significant digits at most: decimals below 100 (1.5 KB, 12.3 MB), none above (512 GB).
  const fraction = v >= 100 ? 0 : digits;
  const rounded = Math.round(v * 10 ** fraction) / 10 ** fraction;
  // 1023.96 KB rounds to 1024 KB: show the next unit instead.
  if (rounded >= base && unit < units.length - 1) return `${sign}1 ${units[unit + 1]}`;
  return `${sign}${digitsOf(rounded, fraction)} ${units[unit]}`;
}

/** Sizes and traffic in 1024 steps, as Qiniu's own console shows them: `0 B`, `1023 B`, `1.5 KB`, `12.3 MB`, `512 GB`. */
export function formatBytes(bytes: number, digits = 1): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  // Rates arrive fractional: whole bytes only, never `857.1428571428571 B` (and 1023.6 B is 1 KB).
  return scaled(Math.round(bytes), 1024, BYTE_UNITS, digits);
}

/** Transfer speed in bytes per second: `1.5 MB/s`. */
export function formatSpeed(bytesPerSecond: number): string {
  const size = formatBytes(bytesPerSecond);
  return size === "—" ? size : `${size}/s`;
}

/** Bandwidth in bits per second, decimal steps (CDN billing): `1.04 Mbps`. */
export function formatBps(bitsPerSecond: number, digits = 2): string {
  if (!Number.isFinite(bitsPerSecond)) return "—";
  return scaled(bitsPerSecond, 1000, BPS_UNITS, digits);
}

/** Compact clock-style durations: `0:45`, `12:05`, `1:02:03` (h:mm:ss); unknown as `—`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return "—";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and times. One family per locale: zh-CN `2026/12/04 21:39:46`, en `2026-12-04 21:39:46` (unambiguous
// year-month-day, 24-hour clock), always in an explicit IANA time zone.

export type DateStyle = "dateTime" | "date" | "time" | "minute" | "monthDayMinute" | "monthDay";

const PARTS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  dateTime: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" },
  minute: { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" },
  date: { year: "numeric", month: "2-digit", day: "2-digit" },
  time: { hour: "2-digit", minute: "2-digit", second: "2-digit" },
  monthDayMinute: { month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" },
  monthDay: { month: "2-digit", day: "2-digit" },
};

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(style: DateStyle, timeZone: string): Intl.DateTimeFormat {
  const id = `${style}|${timeZone}`;
  let f = dateFormats.get(id);
  // Parts are assembled by hand below, so the formatter's own locale only matters for digits (Latin in both).
  if (!f) dateFormats.set(id, (f = new Intl.DateTimeFormat("en-US", { ...PARTS[style], hourCycle: "h23", timeZone })));
  return f;
}

/** A date and/or time in `timeZone`, in the locale's one format family. Invalid dates and unknown zones print `—`. */
export function formatDate(date: Date | number | string, locale: Locale, timeZone: string, style: DateStyle = "dateTime"): string {
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime()) || !isTimeZone(timeZone)) return "—";
  const p: Record<string, string> = {};
  for (const part of dateFormat(style, timeZone).formatToParts(d)) p[part.type] = part.value;
  const sep = locale === "zh-CN" ? "/" : "-";
  const day = [p.year, p.month, p.day].filter(Boolean).join(sep);
  const clock = [p.hour, p.minute, p.second].filter(Boolean).join(":");
  return [day, clock].filter(Boolean).join(" ");
}

const zoneChecks = new Map<string, boolean>();
/** Whether the runtime knows this IANA zone name (`Asia/Shanghai`, `UTC`, `America/New_York`). */
export function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || zone === "" || zone.length > 64) return false;
  let ok = zoneChecks.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    zoneChecks.set(zone, ok);
  }
  return ok;
}

/** The zone's offset from UTC at that instant, in minutes (Asia/Shanghai → 480). */
export function timeZoneOffsetMinutes(timeZone: string, at: Date | number = Date.now()): number {
  const d = at instanceof Date ? at : new Date(at);
  const p: Record<string, number> = {};
  for (const part of dateFormat("dateTime", timeZone).formatToParts(d)) if (part.type !== "literal") p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour % 24, p.minute, p.second);
  return Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
}

/** `UTC+8`, `UTC-3:30`, `UTC`: the label shown beside times. */
export function timeZoneLabel(timeZone: string, at: Date | number = Date.now()): string {
  if (!isTimeZone(timeZone)) return timeZone;
  const minutes = timeZoneOffsetMinutes(timeZone, at);
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  const mm = abs % 60;
  return `UTC${minutes < 0 ? "-" : "+"}${Math.floor(abs / 60)}${mm ? `:${String(mm).padStart(2, "0")}` : ""}`;
}

/** `in 5 minutes`, `3 天前`: the largest unit that fits, through Intl.RelativeTimeFormat. */
export function formatRelative(date: Date | number | string, locale: Locale, now: number = Date.now()): string {
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return "—";
  const seconds = Math.round((d.getTime() - now) / 1000);
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 365 * 86_400],
    ["month", 30 * 86_400],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
    ["second", 1],
  ];
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size || unit === "second") return rtf.format(Math.trunc(seconds / size), unit);
  }
  return rtf.format(0, "second");
}

/** The browser's (or server's) own zone, `UTC` when the runtime does not say. */
export function systemTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return isTimeZone(zone) ? zone : "UTC";
}

/** Formatters bound to one locale and display time zone (what `useFormat()` returns; server components build their own). */
export function formatterFor(locale: Locale, timeZone: string) {
  return {
    locale,
    timeZone,
    bytes: formatBytes,
    speed: formatSpeed,
    bps: formatBps,
    number: (n: number, digits?: number) => formatNumber(n, locale, digits),
    percent: formatPercent,
    duration: formatDuration,
    date: (d: Date | number | string, style?: DateStyle) => formatDate(d, locale, timeZone, style),
    relative: (d: Date | number | string, now?: number) => formatRelative(d, locale, now),
    zoneLabel: (at?: Date | number) => timeZoneLabel(timeZone, at),
  };
}
export type Formatter = ReturnType<typeof formatterFor>;

/** A wall-clock time typed by the user (`2030-01-02T03:04`, a datetime-local value) in `timeZone` → the instant. */
export function zonedTimeToDate(wall: string, timeZone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(wall);
  if (!m || !isTimeZone(timeZone)) return null;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
  if (Number.isNaN(asUtc)) return null;
  // The offset at the guessed instant, then once more at the corrected one (a DST change in between moves it).
  let ms = asUtc - timeZoneOffsetMinutes(timeZone, asUtc) * 60_000;
  ms = asUtc - timeZoneOffsetMinutes(timeZone, ms) * 60_000;
  return new Date(ms);
}
