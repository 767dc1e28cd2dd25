import "server-only";
// Traffic and bandwidth by region and by ISP (log analysis `/v2/tune/loganalyze/traffic` and `/bandwidth` with
// `regions` and `isp`, developer.qiniu.com/fusion/4081: one call answers one region/ISP combination as
// `{points, value}`), and the CDN's back-to-source traffic (Kodo `/v6/blob_io` with `$metric=cdn_flow_out` and
// `$domain`, developer.qiniu.com/kodo/api/blob-io). Ranges are cut to log analysis' 31 days like the analysis tab.
import { addDays, daysInRange, type DateRange } from "@/lib/cdn/stats";
import type { QiniuClient } from "@/lib/qiniu/client";
import { blobIo } from "@/lib/qiniu/stats";
import { analyze, type AnalysisFreq, type AnalysisQuery } from "./analysis-api";

/** The provinces and ISPs the breakdown asks for, in Qiniu's names. */
export const BREAKDOWN_REGIONS = ["beijing", "shanghai", "guangdong", "zhejiang", "jiangsu", "sichuan", "hubei", "shandong", "oversea"] as const;
export const BREAKDOWN_ISPS = ["telecom", "unicom", "mobile", "drpeng", "tietong", "cernet"] as const;

const MAX_DAYS = 31;
const CONCURRENCY = 4;

export interface BreakdownRow {
  /** region or ISP code */
  name: string;
  /** bytes over the range */
  traffic: number;
  /** the busiest point's bandwidth, bps */
  peakBandwidth: number;
}

export interface BreakdownReport {
  range: DateRange;
  limited: boolean;
  regions: BreakdownRow[];
  /** china only, as ISPs are Chinese carriers */
  isps: BreakdownRow[];
  origin: { points: string[]; traffic: number[]; total: number };
}

interface GeoSeries {
  points: string[];
  value: number[];
}

async function inBatches<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

const sum = (v: readonly number[]) => v.reduce((a, b) => a + b, 0);
const max = (v: readonly number[]) => v.reduce((a, b) => Math.max(a, b), 0);

async function row(client: QiniuClient, name: string, body: AnalysisQuery & { regions: string[]; isp: string }): Promise<BreakdownRow> {
  const [traffic, bandwidth] = await Promise.all([analyze<GeoSeries>(client, "traffic", body), analyze<GeoSeries>(client, "bandwidth", body)]);
  return { name, traffic: sum(traffic.value ?? []), peakBandwidth: max(bandwidth.value ?? []) };
}

/** Beijing midnight of a `YYYY-MM-DD` day, unix ms. */
function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00+08:00`);
}

export async function breakdownReport(client: QiniuClient, domains: { domain: string; bucket: string }[], requested: DateRange): Promise<BreakdownReport> {
  const limited = daysInRange(requested) > MAX_DAYS;
  const range = limited ? { startDate: addDays(requested.endDate, 1 - MAX_DAYS), endDate: requested.endDate } : requested;
  const freq: AnalysisFreq = daysInRange(range) <= 2 ? "1hour" : "1day";
  const base = { domains: domains.map((d) => d.domain), freq, startDate: range.startDate, endDate: range.endDate };
  const jobs = [
    ...BREAKDOWN_REGIONS.map((r) => ({ kind: "region" as const, name: r, body: { ...base, regions: [r], isp: "all" } })),
    ...BREAKDOWN_ISPS.map((i) => ({ kind: "isp" as const, name: i, body: { ...base, regions: ["china"], isp: i } })),
  ];
  const g = freq === "1hour" ? "hour" : "day";
  const begin = dayStartMs(range.startDate);
  const end = dayStartMs(addDays(range.endDate, 1));
  const [rows, origins] = await Promise.all([
    inBatches(jobs, (j) => row(client, j.name, j.body)),
    inBatches(domains, (d) => blobIo(client.transport, "flow", { bucket: d.bucket, domain: d.domain, metric: "cdn_flow_out", begin, end, g })),
  ]);
  const points = origins[0]?.map((p) => p.time) ?? [];
  const traffic = points.map((_, i) => sum(origins.map((o) => o[i]?.values.flow ?? 0)));
  return {
    range,
    limited,
    regions: rows.filter((_, i) => jobs[i].kind === "region"),
    isps: rows.filter((_, i) => jobs[i].kind === "isp"),
    origin: { points, traffic, total: sum(traffic) },
  };
}
