import "server-only";
// Flux and bandwidth for any range the console allows: split into calls within Qiniu's limits (≤31 days,
// ≤50 domains, lib/cdn/stats.ts planRequests), a few at a time, merged into one series.
import {
  combine,
  mergeSeries,
  planRequests,
  previousPeriod,
  summarize,
  type DateRange,
  type Granularity,
  type StatsSeries,
  type StatsSummary,
} from "@/lib/cdn/stats";
import type { QiniuClient } from "@/lib/qiniu/client";

const CONCURRENCY = 3;

async function inBatches<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

export async function fetchSeries(
  client: QiniuClient,
  kind: "flux" | "bandwidth",
  domains: string[],
  range: DateRange,
  granularity: Granularity,
): Promise<StatsSeries> {
  const plan = planRequests(domains, range);
  const parts = await inBatches(plan, CONCURRENCY, (p) =>
    kind === "flux"
      ? client.cdnFlux({ domains: p.domains, startDate: p.startDate, endDate: p.endDate, granularity })
      : client.cdnBandwidth({ domains: p.domains, startDate: p.startDate, endDate: p.endDate, granularity }),
  );
  return mergeSeries(parts, domains);
}

export interface TrafficReport {
  range: DateRange;
  granularity: Granularity;
  flux: StatsSeries;
  bandwidth: StatsSeries;
  /** The same span just before, summed over the chosen domains (china + oversea). */
  previous: { range: DateRange; flux: StatsSummary; bandwidth: StatsSummary };
}

export async function trafficReport(client: QiniuClient, domains: string[], range: DateRange, granularity: Granularity): Promise<TrafficReport> {
  const before = previousPeriod(range);
  const [flux, bandwidth, prevFlux, prevBandwidth] = await Promise.all([
    fetchSeries(client, "flux", domains, range, granularity),
    fetchSeries(client, "bandwidth", domains, range, granularity),
    fetchSeries(client, "flux", domains, before, granularity),
    fetchSeries(client, "bandwidth", domains, before, granularity),
  ]);
  return {
    range,
    granularity,
    flux,
    bandwidth,
    previous: {
      range: before,
      flux: summarize(combine(prevFlux, domains), prevFlux.time),
      bandwidth: summarize(combine(prevBandwidth, domains), prevBandwidth.time),
    },
  };
}
