import "server-only";
// Everything the analytics tab shows, in one call: hit/miss, status codes, requests, top URLs and IPs.
// Log analysis accepts ≤100 domains and ≤31 days: longer ranges are cut to their last 31 days, more domains are
// queried in groups and added up.
import { addDays, chunk, daysInRange, sumArrays, type DateRange } from "@/lib/cdn/stats";
import type { QiniuClient } from "@/lib/qiniu/client";
import type { TopList } from "@/lib/cdn/stats";
import { hitMiss, reqCount, statusCodes, top, type AnalysisFreq } from "./analysis-api";

const MAX_DAYS = 31;
const MAX_DOMAINS = 100;
const TOP = 20;

export interface AnalysisReport {
  range: DateRange;
  /** the requested range was longer than log analysis allows */
  limited: boolean;
  freq: AnalysisFreq;
  points: string[];
  hit: number[];
  miss: number[];
  trafficHit: number[];
  trafficMiss: number[];
  requests: number[];
  codes: Record<string, number>;
  /** requests per status code at each point (status codes over time) */
  codeSeries: Record<string, number[]>;
  topUrlsByCount: TopList;
  topUrlsByTraffic: TopList;
  topIpsByCount: TopList;
  topIpsByTraffic: TopList;
}

function mergeTop(lists: TopList[]): TopList {
  const sums = new Map<string, number>();
  for (const l of lists) l.keys.forEach((k, i) => sums.set(k, (sums.get(k) ?? 0) + (l.values[i] ?? 0)));
  const sorted = [...sums.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, TOP);
  return { keys: sorted.map((e) => e[0]), values: sorted.map((e) => e[1]) };
}

export async function analysisReport(client: QiniuClient, domains: string[], requested: DateRange): Promise<AnalysisReport> {
  const limited = daysInRange(requested) > MAX_DAYS;
  const range = limited ? { startDate: addDays(requested.endDate, 1 - MAX_DAYS), endDate: requested.endDate } : requested;
  const freq: AnalysisFreq = daysInRange(range) <= 2 ? "1hour" : "1day";
  const groups = chunk(domains, MAX_DOMAINS);
  const per = await Promise.all(
    groups.map(async (ds) => {
      const q = { domains: ds, ...range, freq };
      const [hm, sc, rc, uc, ut, ic, it] = await Promise.all([
        hitMiss(client, q),
        statusCodes(client, q),
        reqCount(client, q),
        top(client, "url", "count", q),
        top(client, "url", "traffic", q),
        top(client, "ip", "count", q),
        top(client, "ip", "traffic", q),
      ]);
      return { hm, sc, rc, uc, ut, ic, it };
    }),
  );
  const points = per[0]?.hm.points ?? [];
  const sum = (pick: (p: (typeof per)[number]) => number[]) => sumArrays(per.map(pick), points.length);
  const codes: Record<string, number> = {};
  const codeSeries: Record<string, number[]> = {};
  for (const p of per) {
    for (const [code, series] of Object.entries(p.sc.codes)) {
      codes[code] = (codes[code] ?? 0) + series.reduce((a, b) => a + b, 0);
      codeSeries[code] = sumArrays([codeSeries[code] ?? [], series], points.length);
    }
  }
  return {
    range,
    limited,
    freq,
    points,
    hit: sum((p) => p.hm.hit),
    miss: sum((p) => p.hm.miss),
    trafficHit: sum((p) => p.hm.trafficHit),
    trafficMiss: sum((p) => p.hm.trafficMiss),
    requests: sum((p) => p.rc.reqCount),
    codes,
    codeSeries,
    topUrlsByCount: mergeTop(per.map((p) => p.uc)),
    topUrlsByTraffic: mergeTop(per.map((p) => p.ut)),
    topIpsByCount: mergeTop(per.map((p) => p.ic)),
    topIpsByTraffic: mergeTop(per.map((p) => p.it)),
  };
}
