// Pure figures for the CDN dashboards: request planning within Qiniu's limits (31 days, 50 domains per call),
// merging the answers, totals, peak, 95th percentile, display downsampling, period comparison and CSV.
// Dates are Qiniu (Beijing) calendar days, `YYYY-MM-DD`; time points are `YYYY-MM-DD HH:mm:ss`.

/** A top-N answer of the log analysis API (top URLs or IPs): keys and their values, in Qiniu's order. */
export interface TopList {
  keys: string[];
  values: number[];
}

export type Area = "china" | "oversea";
export type Granularity = "5min" | "hour" | "day";
export interface DomainSeries {
  china: number[];
  oversea: number[];
}
export interface StatsSeries {
  time: string[];
  data: Record<string, DomainSeries>;
}
export interface DateRange {
  startDate: string;
  endDate: string;
}

export const MAX_DAYS_PER_REQUEST = 31;
export const MAX_DOMAINS_PER_REQUEST = 50;
/** Longest range the console asks for at each granularity (it splits into ≤31-day calls underneath). */
export const MAX_RANGE_DAYS: Record<Granularity, number> = { "5min": 31, hour: 93, day: 366 };
// Qiniu's calendar (UTC+8): one definition for the console (lib/qiniu/beijing-time.ts).
export { beijingDay } from "@/lib/qiniu/beijing-time";
import { beijingDay, toBeijingPoint } from "@/lib/qiniu/beijing-time";

const DAY_MS = 86_400_000;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(s: string): boolean {
  if (!DATE_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from `a` to `b` inclusive (1 for the same day). */
export function daysInRange({ startDate, endDate }: DateRange): number {
  return Math.round((Date.parse(`${endDate}T00:00:00Z`) - Date.parse(`${startDate}T00:00:00Z`)) / DAY_MS) + 1;
}

export type RangePreset = "today" | "7d" | "30d";

export function presetRange(preset: RangePreset, today: string): DateRange {
  const days = preset === "today" ? 1 : preset === "7d" ? 7 : 30;
  return { startDate: addDays(today, 1 - days), endDate: today };
}

/** The same number of days immediately before `range`. */
export function previousPeriod(range: DateRange): DateRange {
  const n = daysInRange(range);
  return { startDate: addDays(range.startDate, -n), endDate: addDays(range.startDate, -1) };
}

export type RangeProblem = "invalid" | "endBeforeStart" | "future" | "tooLong";

/** Why the console refuses a range, or null when it can be fetched (by splitting if needed). */
export function rangeProblem(range: DateRange, granularity: Granularity, today: string): RangeProblem | null {
  if (!isDate(range.startDate) || !isDate(range.endDate)) return "invalid";
  if (range.endDate < range.startDate) return "endBeforeStart";
  if (range.startDate > today) return "future";
  if (daysInRange(range) > MAX_RANGE_DAYS[granularity]) return "tooLong";
  return null;
}

/** Splits a range into consecutive pieces of at most `maxDays` days. */
export function splitRange(range: DateRange, maxDays = MAX_DAYS_PER_REQUEST): DateRange[] {
  const out: DateRange[] = [];
  for (let start = range.startDate; start <= range.endDate; start = addDays(start, maxDays)) {
    const end = addDays(start, maxDays - 1);
    out.push({ startDate: start, endDate: end < range.endDate ? end : range.endDate });
  }
  return out;
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Every API call needed for `domains` over `range`: ≤50 domains and ≤31 days each. */
export function planRequests(domains: readonly string[], range: DateRange): Array<DateRange & { domains: string[] }> {
  const windows = splitRange(range);
  return chunk(domains, MAX_DOMAINS_PER_REQUEST).flatMap((ds) => windows.map((w) => ({ ...w, domains: ds })));
}

/**
 * Merges answers of several calls (different windows and domain groups) into one series over the union of their
 * time points, in order. Every domain in `domains` is present (zeros when it had no traffic).
 */
export function mergeSeries(parts: readonly StatsSeries[], domains: readonly string[]): StatsSeries {
  const time = [...new Set(parts.flatMap((p) => p.time))].sort();
  const index = new Map(time.map((t, i) => [t, i]));
  const data: Record<string, DomainSeries> = {};
  for (const d of domains) data[d] = { china: new Array(time.length).fill(0), oversea: new Array(time.length).fill(0) };
  for (const part of parts) {
    const at = part.time.map((t) => index.get(t)!);
    for (const [domain, series] of Object.entries(part.data)) {
      const target = (data[domain] ??= { china: new Array(time.length).fill(0), oversea: new Array(time.length).fill(0) });
      for (const area of ["china", "oversea"] as const) {
        series[area]?.forEach((v, i) => {
          if (at[i] !== undefined) target[area][at[i]] += v;
        });
      }
    }
  }
  return { time, data };
}

/** Element-wise sum of equally long arrays. */
export function sumArrays(arrays: readonly (readonly number[])[], length = arrays[0]?.length ?? 0): number[] {
  const out = new Array<number>(length).fill(0);
  for (const a of arrays) for (let i = 0; i < length; i++) out[i] += a[i] ?? 0;
  return out;
}

/** One series for the chosen domains and areas. */
export function combine(stats: StatsSeries, domains: readonly string[], areas: readonly Area[] = ["china", "oversea"]): number[] {
  return sumArrays(
    domains.flatMap((d) => areas.map((a) => stats.data[d]?.[a] ?? [])),
    stats.time.length,
  );
}

export function total(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Highest value and when (the first time it occurs); null time for an empty series. */
export function peak(values: readonly number[], time: readonly string[]): { value: number; time: string | null } {
  let best = -Infinity;
  let at = -1;
  values.forEach((v, i) => {
    if (v > best) {
      best = v;
      at = i;
    }
  });
  return at < 0 ? { value: 0, time: null } : { value: best, time: time[at] ?? null };
}

/**
 * 95th percentile as CDN billing reads it: sort the points, drop the highest 5 % (rounded down), take the highest
 * remaining value. With 8640 five-minute points in 30 days, the top 432 are dropped.
 */
export function percentile95(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const dropped = Math.floor(values.length * 0.05);
  return sorted[sorted.length - 1 - dropped];
}

/** Points per display bucket so that at most `maxPoints` remain. */
export function bucketSize(length: number, maxPoints: number): number {
  return Math.max(1, Math.ceil(length / Math.max(1, maxPoints)));
}

/**
 * Fewer points for drawing: consecutive buckets of `bucketSize` points are summed (flux: bytes stay exact per bucket)
 * or reduced to their maximum (bandwidth: peaks stay visible). Totals must be computed from the full series.
 */
export function downsample(values: readonly number[], maxPoints: number, mode: "sum" | "max" | "mean"): number[] {
  const size = bucketSize(values.length, maxPoints);
  if (size === 1) return [...values];
  const out: number[] = [];
  for (let i = 0; i < values.length; i += size) {
    const end = Math.min(i + size, values.length);
    let acc = mode === "max" ? -Infinity : 0;
    for (let j = i; j < end; j++) acc = mode === "max" ? Math.max(acc, values[j]) : acc + values[j];
    out.push(mode === "mean" ? acc / (end - i) : acc);
  }
  return out;
}

/** Seconds per point of each granularity. */
export const POINT_SECONDS: Record<Granularity, number> = { "5min": 300, hour: 3600, day: 86_400 };

/**
 * Average bandwidth (bps) per point from flux (bytes per point): `bytes × 8 / seconds`. Unlike Qiniu's bandwidth at
 * hour or day granularity (each domain's and area's own busiest 5 minutes), averages add up across domains and areas,
 * so they can be stacked in a chart.
 */
export function averageBandwidth(flux: StatsSeries, granularity: Granularity): StatsSeries {
  const k = 8 / POINT_SECONDS[granularity];
  const data: Record<string, DomainSeries> = {};
  for (const [d, s] of Object.entries(flux.data)) data[d] = { china: s.china.map((v) => v * k), oversea: s.oversea.map((v) => v * k) };
  return { time: flux.time, data };
}

/** The points up to and including `last` (a point starting at or before that instant); the series as is for null. */
export function cutSeries(stats: StatsSeries, last: string | null): StatsSeries {
  if (last === null) return stats;
  let n = stats.time.length;
  while (n > 0 && stats.time[n - 1] > last) n--;
  if (n === stats.time.length) return stats;
  const data: Record<string, DomainSeries> = {};
  for (const [d, s] of Object.entries(stats.data)) data[d] = { china: s.china.slice(0, n), oversea: s.oversea.slice(0, n) };
  return { time: stats.time.slice(0, n), data };
}

/**
 * Where an honest comparison stops when the range reaches today: the current period at now (no future points), the
 * previous one at the same moment of its own span (yesterday up to the same time, for "today"). Both null otherwise.
 */
export function comparisonCut(range: DateRange, nowMs: number): { current: string | null; previous: string | null } {
  if (range.endDate < beijingDay(nowMs)) return { current: null, previous: null };
  return { current: toBeijingPoint(nowMs), previous: toBeijingPoint(nowMs - daysInRange(range) * DAY_MS) };
}

/** The first time point of each display bucket. */
export function downsampleTimes(time: readonly string[], maxPoints: number): string[] {
  const size = bucketSize(time.length, maxPoints);
  return time.filter((_, i) => i % size === 0);
}

/** Relative change from `previous` to `current` (0.25 = +25 %); null when there is nothing to compare with. */
export function changeRatio(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / previous;
}

export interface StatsSummary {
  total: number;
  peak: { value: number; time: string | null };
  p95: number;
}

export function summarize(values: readonly number[], time: readonly string[]): StatsSummary {
  return { total: total(values), peak: peak(values, time), p95: percentile95(values) };
}

function csvCell(s: string | number): string {
  const text = String(s);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `time,<domain> china,<domain> oversea,…,total` — one row per point, full resolution. */
export function seriesCsv(stats: StatsSeries, domains: readonly string[], unit: string): string {
  const header = ["time", ...domains.flatMap((d) => [`${d} china (${unit})`, `${d} oversea (${unit})`]), `total (${unit})`];
  const rows = stats.time.map((t, i) => {
    const cells = domains.flatMap((d) => [stats.data[d]?.china[i] ?? 0, stats.data[d]?.oversea[i] ?? 0]);
    return [t, ...cells, total(cells)];
  });
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}
