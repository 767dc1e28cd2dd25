import "server-only";
// Flux and bandwidth for any range the console allows: split into calls within Qiniu's limits (≤31 days,
// ≤50 domains, lib/cdn/stats.ts planRequests), a few at a time, merged into one series.
import {
  averageBandwidth,
  combine,
  comparisonCut,
  cutSeries,
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
  /**
   * What the bandwidth chart draws: Qiniu's 5-minute bandwidth at 5 minutes; at hour or day, the average bandwidth of
   * each point from its traffic (`bandwidthKind`), since Qiniu's coarse bandwidth is each domain's own busiest
   * 5 minutes and those do not add up.
   */
  bandwidth: StatsSeries;
  bandwidthKind: "5min" | "average";
  /**
   * Figures of the chosen domains combined: total traffic, and the peak and 95th percentile of the combined 5-minute
   * bandwidth, computed once whatever the chart's granularity.
   */
  summary: { flux: StatsSummary; bandwidth: StatsSummary };
  /** The last point drawn when the range reaches today (nothing in the future is shown); null otherwise. */
  cutAt: string | null;
  /**
   * The same span just before, summed over the chosen domains (china + oversea), from its 5-minute data; when the
   * range reaches today, only up to the same moment of that span (`cutAt`: yesterday up to now, for "today").
   */
  previous: { range: DateRange; flux: StatsSummary; bandwidth: StatsSummary; cutAt: string | null };
}

/** Summaries of one period from its flux and 5-minute bandwidth, cut at `cutAt` (flux then at 5 minutes too). */
function periodSummary(flux: StatsSeries, bw5: StatsSeries, domains: string[], cutAt: string | null): { flux: StatsSummary; bandwidth: StatsSummary } {
  const f = cutSeries(flux, cutAt);
  const b = cutSeries(bw5, cutAt);
  return { flux: summarize(combine(f, domains), f.time), bandwidth: summarize(combine(b, domains), b.time) };
}

export async function trafficReport(
  client: QiniuClient,
  domains: string[],
  range: DateRange,
  granularity: Granularity,
  nowMs = Date.now(),
): Promise<TrafficReport> {
  const before = previousPeriod(range);
  const cut = comparisonCut(range, nowMs);
  const fine = granularity === "5min";
  // The previous period's traffic needs 5-minute points only to stop at the same moment (a range reaching today).
  const [flux, bw5, prevFlux, prevBw5] = await Promise.all([
    fetchSeries(client, "flux", domains, range, granularity),
    fetchSeries(client, "bandwidth", domains, range, "5min"),
    fetchSeries(client, "flux", domains, before, cut.previous ? "5min" : granularity),
    fetchSeries(client, "bandwidth", domains, before, "5min"),
  ]);
  const shownFlux = cutSeries(flux, cut.current);
  const shownBw = cutSeries(bw5, cut.current);
  const prev = periodSummary(prevFlux, prevBw5, domains, cut.previous);
  return {
    range,
    granularity,
    flux: shownFlux,
    bandwidth: fine ? shownBw : averageBandwidth(shownFlux, granularity),
    bandwidthKind: fine ? "5min" : "average",
    summary: { flux: summarize(combine(shownFlux, domains), shownFlux.time), bandwidth: summarize(combine(shownBw, domains), shownBw.time) },
    cutAt: cut.current,
    previous: { range: before, ...prev, cutAt: cut.previous },
  };
}
